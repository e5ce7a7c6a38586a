package dev.rewind.notifier.delivery;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** What the notifier has learnt of an incident from its events, to word the messages. */
@Entity
@Table(name = "incident_facts")
public class IncidentFacts extends PanacheEntityBase {
    @Id
    @Column(name = "incident_id")
    public UUID incidentId;
    public String deployment;
    public String version;
    @Column(name = "target_version")
    public String targetVersion;
    public Integer tier;
    public String rule;
    public String evidence;
    public String description;
    public String origin;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "authorized_by")
    public String authorizedBy;
    public String impact;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** When the rollback completed, as far as this service has read. */
    @Column(name = "restored_at")
    public Instant restoredAt;
}
