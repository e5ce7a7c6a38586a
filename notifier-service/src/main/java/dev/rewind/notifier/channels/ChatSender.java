package dev.rewind.notifier.channels;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.Channel;
import dev.rewind.events.codec.EventJson;
import dev.rewind.notifier.contacts.Contacts;
import dev.rewind.notifier.delivery.DeliveryRecord;

/** Slack-compatible incoming webhook: {@code text} for notifications and old clients, {@code blocks} for the message. */
@ApplicationScoped
public class ChatSender implements Sender {
    private static final int MAX_HEADER = 150;
    private static final int MAX_SECTION = 3000;

    private final Contacts contacts;
    private final HttpPoster http;

    public ChatSender(Contacts contacts, HttpPoster http) {
        this.contacts = contacts;
        this.http = http;
    }

    @Override
    public Channel channel() {
        return Channel.CHAT;
    }

    @Override
    public void send(DeliveryRecord delivery) throws DeliveryFailure {
        if (contacts.channels().chat() == null) {
            throw DeliveryFailure.permanent("no chat channel is configured");
        }
        http.post(contacts.channels().chat().url(), "application/json", EventJson.toBytes(payload(delivery)));
    }

    static Map<String, Object> payload(DeliveryRecord delivery) {
        String mention = delivery.address == null || delivery.address.isBlank() ? "" : delivery.address + " ";
        String text = mention + delivery.subject;
        return Map.of(
                "text", text,
                "blocks", List.of(
                        Map.of("type", "header", "text", Map.of("type", "plain_text", "text", cut(delivery.subject, MAX_HEADER))),
                        Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", cut(mention + delivery.body, MAX_SECTION)))));
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
