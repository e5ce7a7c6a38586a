package dev.rewind.platform.idempotency;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A row of the processed-event table (see {@link ProcessedEvents}). */
@Entity
@Table(name = "processed_event")
@IdClass(ProcessedEvent.Key.class)
public class ProcessedEvent extends PanacheEntityBase {
    @Id
    public String handler;

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "processed_at", nullable = false, insertable = false, updatable = false)
    public Instant processedAt;

    public record Key(String handler, UUID eventId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
