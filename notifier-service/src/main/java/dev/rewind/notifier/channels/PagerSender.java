package dev.rewind.notifier.channels;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.Channel;
import dev.rewind.events.codec.EventJson;
import dev.rewind.notifier.contacts.Contacts;
import dev.rewind.notifier.delivery.DeliveryRecord;

/**
 * PagerDuty Events API v2: {@code trigger}, {@code acknowledge}, {@code resolve}, with the incident id as
 * {@code dedup_key} so that the page of an incident is one alert from trigger to resolve.
 */
@ApplicationScoped
public class PagerSender implements Sender {
    private static final int MAX_SUMMARY = 1024;

    private final Contacts contacts;
    private final HttpPoster http;

    public PagerSender(Contacts contacts, HttpPoster http) {
        this.contacts = contacts;
        this.http = http;
    }

    @Override
    public Channel channel() {
        return Channel.PAGER;
    }

    @Override
    public void send(DeliveryRecord delivery) throws DeliveryFailure {
        if (contacts.channels().pager() == null) {
            throw DeliveryFailure.permanent("no pager endpoint is configured");
        }
        http.post(contacts.channels().pager().url(), "application/json", EventJson.toBytes(event(delivery)));
    }

    static Map<String, Object> event(DeliveryRecord delivery) {
        String action = delivery.pagerAction == null ? "trigger" : delivery.pagerAction.toLowerCase(Locale.ROOT);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", delivery.address);
        event.put("event_action", action);
        event.put("dedup_key", delivery.incidentId.toString());
        if ("trigger".equals(action)) {
            event.put("payload", Map.of(
                    "summary", delivery.subject.length() > MAX_SUMMARY ? delivery.subject.substring(0, MAX_SUMMARY) : delivery.subject,
                    "source", "rewind",
                    "severity", "critical",
                    "component", delivery.eventType,
                    "custom_details", Map.of("incident", delivery.incidentId.toString(), "for", delivery.recipient,
                            "message", delivery.body)));
            event.put("client", "Rewind");
        }
        return event;
    }
}
