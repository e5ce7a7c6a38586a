package dev.rewind.notifier.delivery;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

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
}
