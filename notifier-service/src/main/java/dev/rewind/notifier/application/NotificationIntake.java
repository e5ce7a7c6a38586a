package dev.rewind.notifier.application;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.events.Channel;
import dev.rewind.events.NotificationEvent;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.DecodedEvent;
import dev.rewind.notifier.contacts.Contacts;
import dev.rewind.notifier.delivery.Deliveries;
import dev.rewind.notifier.delivery.DeliveryRecord;
import dev.rewind.notifier.delivery.IncidentFacts;
import dev.rewind.events.IncidentEvent.PostmortemScheduled;
import dev.rewind.notifier.messages.Invitation;
import dev.rewind.notifier.messages.Message;
import dev.rewind.notifier.messages.MessageModel;
import dev.rewind.notifier.messages.MessageTemplates;
import dev.rewind.notifier.routing.PlannedDelivery;
import dev.rewind.notifier.routing.Router;
import dev.rewind.platform.idempotency.ProcessedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * An event in, its deliveries planned: the incident's facts, the routing decision and every worded
 * message commit together with the event's "seen" mark, so a redelivered event or a restart plans
 * nothing twice. An event older than {@code rewind.notifier.max-event-age} (a backlog after an outage)
 * still pages whoever it pages, saying how late it is, but sends no mail or chat about the past.
 * Sending is the dispatcher's job.
 */
@ApplicationScoped
public class NotificationIntake {
    private static final String HANDLER = "notifier";
    static final Duration RESOLVE_AFTER_PAGE = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(NotificationIntake.class);

    private final ProcessedEvents processed;
    private final Deliveries deliveries;
    private final Router router;
    private final MessageTemplates templates;
    private final DeliveryDispatcher dispatcher;
    private final Contacts contacts;
    private final String incidentBaseUrl;
    private final Duration maxEventAge;
    private final MeterRegistry metrics;

    public NotificationIntake(ProcessedEvents processed, Deliveries deliveries, Router router, MessageTemplates templates,
                              DeliveryDispatcher dispatcher, Contacts contacts,
                              @ConfigProperty(name = "rewind.notifier.incident-service-url") String incidentBaseUrl,
                              @ConfigProperty(name = "rewind.notifier.max-event-age") Duration maxEventAge, MeterRegistry metrics) {
        this.processed = processed;
        this.deliveries = deliveries;
        this.router = router;
        this.templates = templates;
        this.dispatcher = dispatcher;
        this.contacts = contacts;
        this.incidentBaseUrl = incidentBaseUrl.replaceAll("/+$", "");
        this.maxEventAge = maxEventAge;
        this.metrics = metrics;
    }

    public void onEvent(DecodedEvent decoded) {
        RewindEvent event = decoded.event();
        if (event instanceof NotificationEvent) {
            return;
        }
        boolean planned = QuarkusTransaction.requiringNew().call(() -> plan(decoded));
        if (planned) {
            dispatcher.wake();
        }
    }

    private boolean plan(DecodedEvent decoded) {
        RewindEvent event = decoded.event();
        if (!processed.firstTime(HANDLER, event.eventId())) {
            return false;
        }
        IncidentFacts facts = IncidentFacts.findById(event.incidentId());
        if (facts == null) {
            facts = new IncidentFacts();
            facts.incidentId = event.incidentId();
            IncidentFactsUpdater.apply(facts, event);
            facts.persist();
        } else {
            IncidentFactsUpdater.apply(facts, event);
        }
        boolean restored = facts.restoredAt != null && event.type() != dev.rewind.events.EventType.ROLLBACK_COMPLETED;
        List<PlannedDelivery> plan = router.route(event, facts.tier, deliveries.openPages(event.incidentId()), restored);
        Duration late = Duration.between(event.occurredAt(), Instant.now());
        boolean stale = late.compareTo(maxEventAge) > 0;
        if (stale) {
            // a notifier back after an outage does not mail people about the past, but a page is never dropped
            metrics.counter("rewind.notifier.stale.events").increment();
            plan = plan.stream().filter(planned -> planned.channel() == Channel.PAGER).toList();
            LOG.infof("%s %s is %d minutes late: %s", event.type().shortName(), event.eventId(), late.toMinutes(),
                    plan.isEmpty() ? "recorded, nobody told" : "only its pages are sent");
        }
        if (plan.isEmpty()) {
            return false;
        }
        MessageModel model = MessageModel.of(event, facts, incidentBaseUrl,
                contacts.channels().chat() == null ? null : contacts.channels().chat().mention(), contacts.users().support());
        Map<String, Message> worded = new HashMap<>();
        Instant now = Instant.now();
        for (PlannedDelivery planned : plan) {
            Message message = worded.computeIfAbsent(planned.template(), template -> word(template, decoded, model));
            if (stale) {
                message = new Message("[LATE by " + late.toMinutes() + " min] " + message.subject(), message.body(), message.calendar());
            }
            // a resolve planned with its page goes out after it, never before
            Instant due = planned.pagerAction() == PlannedDelivery.PagerAction.RESOLVE && restored ? now.plus(RESOLVE_AFTER_PAGE) : now;
            deliveries.plan(record(event, planned, message, due));
        }
        return true;
    }

    private Message word(String template, DecodedEvent decoded, MessageModel model) {
        if (PlannedDelivery.CLOUD_EVENT.equals(template)) {
            byte[] cloudEvent = new CloudEventCodec(decoded.source()).encode(decoded.event());
            return new Message(decoded.event().type().wireName(), new String(cloudEvent, StandardCharsets.UTF_8));
        }
        Message message = templates.render(template, model);
        if (decoded.event() instanceof PostmortemScheduled scheduled) {
            String organizer = contacts.channels().mail() != null && contacts.channels().mail().from() != null
                    ? contacts.channels().mail().from() : "rewind@localhost";
            try {
                message = message.withCalendar(Invitation.ics(scheduled, message.subject(), message.body(),
                        contacts.withAnyRole(scheduled.participants()), organizer));
            } catch (RuntimeException e) {
                // the meeting is in the mail's words either way: an invitation that cannot be written never drops the mail
                LOG.errorf("the post-mortem invitation of incident %s could not be written (%s); mailing without it",
                        scheduled.incidentId(), e.getMessage());
            }
        }
        return message;
    }

    static DeliveryRecord record(RewindEvent event, PlannedDelivery planned, Message message, Instant now) {
        DeliveryRecord delivery = new DeliveryRecord();
        delivery.incidentId = event.incidentId();
        delivery.sourceEventId = event.eventId();
        delivery.eventType = event.type().shortName();
        delivery.recipient = planned.recipient();
        delivery.subject = message.subject();
        delivery.body = message.body();
        delivery.calendar = message.calendar();
        return delivery.via(planned.channel(), planned.address(), planned.pagerAction(), planned.fallbacks(), now);
    }
}
