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

/** An authorized rollback, one per incident. */
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
}
