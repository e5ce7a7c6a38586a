package dev.rewind.executor.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.executor.config.DeploymentTarget;
import dev.rewind.executor.config.Deployments;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.executor.persistence.RollbackStep;
import dev.rewind.executor.rollback.Restorer;
import dev.rewind.executor.rollback.RollbackDecider;
import dev.rewind.platform.idempotency.ProcessedEvents;
import dev.rewind.platform.outbox.Outbox;

/**
 * Takes in {@code rollback.authorized}: one rollback per incident, whatever the redeliveries (the event id is marked
 * processed and the incident is the row's key, both in the transaction that records it). A later attempt of a failed
 * rollback (a lead asked for it) starts afresh in the same row, its predecessor's step rows kept aside — only where the
 * failed attempt left the broken version in place; otherwise that attempt fails at once, saying why.
 */
@ApplicationScoped
public class RollbackRequests {
    private static final Logger LOG = Logger.getLogger(RollbackRequests.class);
    private static final String HANDLER = "rollback-authorized";
    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    private final ProcessedEvents processed;
    private final Deployments deployments;
    private final StepActions actions;
    private final Outbox outbox;

    public RollbackRequests(ProcessedEvents processed, Deployments deployments, StepActions actions, Outbox outbox) {
        this.processed = processed;
        this.deployments = deployments;
        this.actions = actions;
        this.outbox = outbox;
    }

    /** Returns {@code true} when this call recorded a rollback (or a new attempt of one) to run. */
    @Transactional
    public boolean accept(RollbackAuthorized authorized) {
        if (!processed.firstTime(HANDLER, authorized.eventId())) {
            return false;
        }
        RollbackRecord existing = RollbackRecord.findById(authorized.incidentId(), LockModeType.PESSIMISTIC_WRITE);
        if (existing == null) {
            RollbackRecord rollback = new RollbackRecord();
            rollback.incidentId = authorized.incidentId();
            rollback.deployment = authorized.deployment();
            rollback.createdAt = Instant.now();
            authorize(rollback, authorized);
            rollback.persist();
            LOG.infof("rollback of %s (incident %s) authorized by %s", rollback.deployment, rollback.incidentId, rollback.authorizedBy);
            return true;
        }
        if (authorized.attempt() <= existing.attempt) {
            LOG.infof("incident %s already has rollback attempt %d; ignoring an authorization of attempt %d",
                    authorized.incidentId(), existing.attempt, authorized.attempt());
            return false;
        }
        if (existing.status != RollbackRecord.Status.FAILED) {
            LOG.warnf("incident %s: attempt %d authorized while attempt %d is %s (an operator's retry?); it runs on, the new one is ignored",
                    authorized.incidentId(), authorized.attempt(), existing.attempt, existing.status);
            return false;
        }
        Optional<String> whyNot = whyNotAfresh(existing);
        if (whyNot.isPresent()) {
            String reason = "attempt " + authorized.attempt() + " was not started: " + whyNot.get();
            LOG.warnf("incident %s: %s", existing.incidentId, reason);
            outbox.enqueue(new RollbackFailed(java.util.UUID.randomUUID(), existing.incidentId, Instant.now(), existing.deployment,
                    reason, List.of()));
            return false;
        }
        keepStepsAside(existing);
        authorize(existing, authorized);
        existing.sourceArchive = null;
        existing.brokenArchive = null;
        existing.validationId = null;
        existing.smokeId = null;
        existing.failure = null;
        LOG.infof("rollback attempt %d of %s (incident %s) authorized by %s", existing.attempt, existing.deployment, existing.incidentId,
                existing.authorizedBy);
        return true;
    }

    private static void authorize(RollbackRecord rollback, RollbackAuthorized authorized) {
        rollback.fromVersion = authorized.fromVersion();
        rollback.targetVersion = authorized.targetVersion();
        rollback.authorizedBy = authorized.actor();
        rollback.status = RollbackRecord.Status.AUTHORIZED;
        rollback.authorizedAt = authorized.occurredAt();
        rollback.updatedAt = Instant.now();
        rollback.attempt = authorized.attempt();
        rollback.stamp = STAMP.format(authorized.occurredAt()) + (authorized.attempt() == 1 ? "" : "-attempt" + authorized.attempt());
    }

    /** Why the failed attempt's target may not be run again from the start, if it may not. */
    private Optional<String> whyNotAfresh(RollbackRecord failed) {
        RollbackStep revert = RollbackStep.find(failed.incidentId, RollbackJournal.REVERT);
        if (revert != null && revert.status == RollbackStep.Status.STARTED) {
            return Optional.of("a revert of the failed attempt is under way; ask again once it is done");
        }
        Optional<DeploymentTarget> deployment = deployments.find(failed.deployment);
        if (deployment.isEmpty()) {
            return Optional.of("deployment " + failed.deployment + " is not in the deployments file");
        }
        Restorer restorer = actions.restorer(failed, deployment.get());
        Optional<String> why = RollbackDecider.whyNotAfresh(restorer.state(), failed.incidentId);
        if (why.isPresent()) {
            return why;
        }
        try {
            restorer.dropStaging(); // a partly staged tree of the failed attempt: nothing in it is needed, the target is untouched
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.of("the failed attempt's staging directory could not be removed: " + e.getMessage());
        }
    }

    /** The failed attempt's step rows, kept as they were under its number; the new attempt starts with none. */
    private static void keepStepsAside(RollbackRecord failed) {
        var entityManager = RollbackStep.getEntityManager();
        entityManager.flush();
        entityManager.createNativeQuery("insert into rollback_step_earlier (incident_id, attempt, step, status, outputs, started_at, "
                        + "finished_at) select incident_id, ?1, step, status, outputs, started_at, finished_at from rollback_step "
                        + "where incident_id = ?2")
                .setParameter(1, failed.attempt).setParameter(2, failed.incidentId).executeUpdate();
        RollbackStep.delete("incidentId", failed.incidentId);
    }
}
