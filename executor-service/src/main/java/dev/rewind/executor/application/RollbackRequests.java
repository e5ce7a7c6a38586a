package dev.rewind.executor.application;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.platform.idempotency.ProcessedEvents;

/**
 * Takes in {@code rollback.authorized}: one rollback per incident, whatever the redeliveries (the event
 * id is marked processed and the incident is the row's key, both in the transaction that records it).
 */
@ApplicationScoped
public class RollbackRequests {
    private static final Logger LOG = Logger.getLogger(RollbackRequests.class);
    private static final String HANDLER = "rollback-authorized";
    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    private final ProcessedEvents processed;

    public RollbackRequests(ProcessedEvents processed) {
        this.processed = processed;
    }

    /** Returns {@code true} when this call recorded a new rollback. */
    @Transactional
    public boolean accept(RollbackAuthorized authorized) {
        if (!processed.firstTime(HANDLER, authorized.eventId())) {
            return false;
        }
        if (RollbackRecord.findById(authorized.incidentId()) != null) {
            LOG.infof("incident %s already has a rollback; ignoring a second authorization", authorized.incidentId());
            return false;
        }
        RollbackRecord rollback = new RollbackRecord();
        rollback.incidentId = authorized.incidentId();
        rollback.deployment = authorized.deployment();
        rollback.fromVersion = authorized.fromVersion();
        rollback.targetVersion = authorized.targetVersion();
        rollback.authorizedBy = authorized.actor();
        rollback.status = RollbackRecord.Status.AUTHORIZED;
        rollback.authorizedAt = authorized.occurredAt();
        rollback.createdAt = Instant.now();
        rollback.updatedAt = rollback.createdAt;
        rollback.stamp = STAMP.format(authorized.occurredAt());
        rollback.persist();
        LOG.infof("rollback of %s (incident %s) authorized by %s", rollback.deployment, rollback.incidentId, rollback.authorizedBy);
        return true;
    }
}
