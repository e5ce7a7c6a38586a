package dev.rewind.executor.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An authorized rollback, one per incident; {@code attempt} numbers the attempt it runs (a lead may ask for another). */
@Entity
@Table(name = "rollback")
public class RollbackRecord extends PanacheEntityBase {
    public enum Status { AUTHORIZED, PREPARING, EXECUTING, VERIFYING, COMPLETED, FAILED }

    @Id
    @Column(name = "incident_id")
    public UUID incidentId;
    @Column(nullable = false)
    public String deployment;
    @Column(name = "from_version", nullable = false)
    public String fromVersion;
    @Column(name = "target_version")
    public String targetVersion;
    @Column(name = "authorized_by", nullable = false)
    public String authorizedBy;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "authorized_at", nullable = false)
    public Instant authorizedAt;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    /** Names this rollback's files: the broken archive, the diagnostics folder. */
    public String stamp;
    @Column(name = "source_archive")
    public String sourceArchive;
    @Column(name = "broken_archive")
    public String brokenArchive;
    @Column(name = "validation_id")
    public UUID validationId;
    @Column(name = "smoke_id")
    public UUID smokeId;
    public String failure;
    @Column(nullable = false)
    public int attempt = 1;

    public boolean isFinished() {
        return status == Status.COMPLETED || status == Status.FAILED;
    }

    /**
     * Completed rollbacks not yet concluded: {@code rollback.completed} is recorded, but not 4.1 (the broken tree
     * removed once its archive verifies), which always runs last. A crash in between leaves them here.
     */
    public static java.util.List<RollbackRecord> awaitingConclusion() {
        return list("from RollbackRecord r where r.status = ?1 and not exists "
                + "(from RollbackStep s where s.incidentId = r.incidentId and s.step = ?2)", Status.COMPLETED, CONCLUDED_BY);
    }

    /** The step whose row says a completed rollback is concluded. */
    public static final String CONCLUDED_BY = dev.rewind.events.RunbookStep.DISCARD_BROKEN.id();

    public static java.util.List<RollbackRecord> unfinished() {
        return list("status not in ?1", java.util.List.of(Status.COMPLETED, Status.FAILED));
    }

    public static java.util.Optional<RollbackRecord> byVerification(UUID verificationId) {
        return find("validationId = ?1 or smokeId = ?1", verificationId).firstResultOptional();
    }
}
