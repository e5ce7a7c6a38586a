package dev.rewind.incident.persistence;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.Session;

import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.domain.Status;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The incidents read model: a projection of each stream, written in the transaction of its append. */
@Entity
@Table(name = "incident")
public class IncidentRecord extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(nullable = false)
    public String deployment;
    @Column(nullable = false)
    public String version;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(nullable = false)
    public int tier;
    @Column(name = "opened_at", nullable = false)
    public Instant openedAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Column(name = "stream_version", nullable = false)
    public int streamVersion;
    @Column(nullable = false)
    public boolean acknowledged;
    @Column(name = "restored_version")
    public String restoredVersion;
    @Column(nullable = false)
    public int attempts = 1;
    @Column(name = "redeployment_over", nullable = false)
    public boolean redeploymentOver;
    @Column(name = "watched_version")
    public String watchedVersion;
    @Column(name = "watched_until")
    public Instant watchedUntil;

    public static Optional<IncidentRecord> findOpen(String deployment) {
        return find("deployment = ?1 and status not in ?2", deployment, List.of(Status.RESTORED, Status.RESOLVED))
                .firstResultOptional();
    }

    /** The open incident of each deployment that has one, by deployment. */
    public static Map<String, UUID> openOf(Collection<String> deployments) {
        return idsByDeployment("select deployment, id from incident where deployment = any(?) and status not in ('RESTORED', 'RESOLVED')",
                deployments);
    }

    /** The incident watching a signed-off hotfix of each deployment that has one (the newest, should two). */
    public static Map<String, UUID> watchingOf(Collection<String> deployments) {
        return idsByDeployment("select deployment, id from incident where deployment = any(?) and watched_version is not null "
                + "order by opened_at", deployments);
    }

    /** Runs a {@code deployment, id} query over the deployments; a later row of a deployment wins. */
    private static Map<String, UUID> idsByDeployment(String sql, Collection<String> deployments) {
        // SQL with = any: an HQL "in" list is compiled again for every new list length (a poll's worth of them)
        Map<String, UUID> ids = new HashMap<>();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            Array names = connection.createArrayOf("text", deployments.toArray());
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setArray(1, names);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.put(rows.getString(1), rows.getObject(2, UUID.class));
                    }
                }
            } finally {
                names.free();
            }
        });
        return ids;
    }

    /** Incidents whose hotfix's heightened monitoring is over by {@code now}. */
    public static List<IncidentRecord> heightenedOver(Instant now) {
        return list("watchedUntil <= ?1", now);
    }

    /** The deployment's incidents opened in {@code [from, to)}, oldest first. */
    public static List<UUID> openedDuring(String deployment, Instant from, Instant to) {
        return find("deployment = ?1 and openedAt >= ?2 and openedAt < ?3 order by openedAt", deployment, from, to)
                .<IncidentRecord>stream().map(r -> r.id).toList();
    }

    public static List<IncidentRecord> awaitingAuthorization() {
        return list("status = ?1", Status.AWAITING_AUTHORIZATION);
    }

    /** The deployment's incidents the redeployment gate reads: those that rolled a version back or whose rollback runs. */
    public static List<UUID> gating(String deployment) {
        return find("deployment = ?1 and (restoredVersion is not null or status in ?2)", deployment,
                List.of(Status.AUTHORIZED, Status.ROLLING_BACK, Status.VERIFYING)).<IncidentRecord>stream().map(r -> r.id).toList();
    }

    /** Incidents whose rollback completed and that no one resolved yet. */
    public static List<IncidentRecord> restored() {
        return list("status", Status.RESTORED);
    }

    /** Incidents that may end by themselves when their signals go quiet: undecided or denied ones. */
    public static List<IncidentRecord> endingWhenQuiet() {
        return list("status in ?1", List.of(Status.MONITORING, Status.AWAITING_AUTHORIZATION, Status.DENIED));
    }

    /** Brings the row in line with the folded state of its stream. */
    public static void project(Incident incident, Instant now) {
        IncidentRecord record = findById(incident.id());
        if (record == null) {
            record = new IncidentRecord();
            record.id = incident.id();
            record.openedAt = incident.openedAt();
        }
        record.deployment = incident.deployment();
        record.version = incident.version();
        record.status = incident.status();
        record.tier = incident.tier();
        record.updatedAt = now;
        record.streamVersion = incident.streamVersion();
        record.acknowledged = incident.acknowledged();
        record.restoredVersion = incident.redeployment().restoredVersion();
        record.attempts = incident.attempt();
        record.redeploymentOver = incident.redeployment().concluded();
        record.watchedVersion = incident.redeployment().watchedVersion();
        Incident.HeightenedPeriod period = incident.redeployment().heightened();
        record.watchedUntil = period != null && period.outcome() == null ? period.endsAt() : null;
        record.persist();
    }
}
