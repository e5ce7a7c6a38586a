package dev.rewind.notifier.delivery;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.rewind.events.Channel;
import dev.rewind.notifier.routing.PlannedDelivery.PagerAction;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One message to one recipient on one channel for one event, and where its delivery stands. */
@Entity
@Table(name = "delivery")
public class DeliveryRecord extends PanacheEntityBase {
    public enum Status { PENDING, DELIVERED, FAILED }

    @Id
    @Column(name = "delivery_key")
    public String key;
    @Column(name = "incident_id")
    public UUID incidentId;
    @Column(name = "source_event_id")
    public UUID sourceEventId;
    @Column(name = "event_type")
    public String eventType;
    public String recipient;
    public String channel;
    public String address;
    @Column(name = "pager_action")
    public String pagerAction;
    public String subject;
    public String body;
    /** An iCalendar invitation the mail carries (the post-mortem meeting); null for other messages. */
    public String calendar;
    public String fallbacks;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "finished_at")
    public Instant finishedAt;

    public static String key(UUID sourceEventId, String recipient, String channel) {
        return sourceEventId + "/" + recipient + "/" + channel;
    }

    /** Where this message goes; its key follows from the event, the recipient and the channel. */
    public DeliveryRecord via(Channel channel, String address, PagerAction pagerAction, List<Channel> nextChannels, Instant now) {
        // a page and its resolve planned for one event (the rollback ended before the page was read) are two deliveries
        this.key = key(sourceEventId, recipient, channel.name()) + (pagerAction == PagerAction.RESOLVE ? "/RESOLVE" : "");
        this.channel = channel.name();
        this.address = address;
        this.pagerAction = pagerAction == null ? null : pagerAction.name();
        this.fallbacks = nextChannels.stream().map(Enum::name).collect(Collectors.joining(","));
        this.createdAt = now;
        return this;
    }

    /** The same message for the same event and recipient, not yet routed. */
    public DeliveryRecord sameMessage() {
        DeliveryRecord copy = new DeliveryRecord();
        copy.incidentId = incidentId;
        copy.sourceEventId = sourceEventId;
        copy.eventType = eventType;
        copy.recipient = recipient;
        copy.subject = subject;
        copy.body = body;
        copy.calendar = calendar;
        return copy;
    }

    /** The person's channels still to try if this one fails for good. */
    public List<Channel> fallbackChannels() {
        return Arrays.stream(fallbacks.split(",")).filter(name -> !name.isBlank()).map(Channel::valueOf).toList();
    }
}
