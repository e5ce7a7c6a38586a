package dev.rewind.executor.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One step (or phase start) of a rollback, as far as it got. */
@Entity
@Table(name = "rollback_step")
@IdClass(RollbackStep.Key.class)
public class RollbackStep extends PanacheEntityBase {
    public enum Status { STARTED, WAITING, COMPLETED, FAILED }

    public record Key(UUID incidentId, String step) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "incident_id")
    public UUID incidentId;
    @Id
    public String step;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> outputs;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    /** A writer holding a stale row fails (and retries from the newer one) instead of overwriting it. */
    @jakarta.persistence.Version
    public long version;

    public static List<RollbackStep> of(UUID incidentId) {
        return list("incidentId = ?1 order by startedAt", incidentId);
    }

    public static RollbackStep find(UUID incidentId, String step) {
        return findById(new Key(incidentId, step));
    }
}
