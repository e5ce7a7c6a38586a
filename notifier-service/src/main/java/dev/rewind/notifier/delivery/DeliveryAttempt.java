package dev.rewind.notifier.delivery;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One try at delivering a message: when, how long, and what came of it. */
@Entity
@Table(name = "delivery_attempt")
@IdClass(DeliveryAttempt.Key.class)
public class DeliveryAttempt extends PanacheEntityBase {
    public record Key(String deliveryKey, int attempt) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "delivery_key")
    public String deliveryKey;
    @Id
    public int attempt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "duration_ms")
    public long durationMs;
    public String outcome;
    public String detail;
}
