package dev.rewind.executor.application;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import dev.rewind.executor.config.Deployments;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.platform.rest.Problem;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** The operator's revert: only for a failed rollback whose broken tree is still beside the target. */
@ApplicationScoped
public class RollbackReverter {
    private final Deployments deployments;
    private final StepActions actions;
    private final RollbackJournal journal;

    public RollbackReverter(Deployments deployments, StepActions actions, RollbackJournal journal) {
        this.deployments = deployments;
        this.actions = actions;
        this.journal = journal;
    }

    public Response revert(UUID incidentId) {
        RollbackRecord rollback = QuarkusTransaction.requiringNew().call(() -> RollbackRecord.<RollbackRecord>findById(incidentId));
        if (rollback == null) {
            return Problem.of(Response.Status.NOT_FOUND, "no rollback for incident " + incidentId, null);
        }
        if (rollback.status != RollbackRecord.Status.FAILED) {
            return Problem.of(Response.Status.CONFLICT, "only a failed rollback can be reverted; this one is " + rollback.status, null);
        }
        var deployment = deployments.find(rollback.deployment);
        if (deployment.isEmpty()) {
            return Problem.of(Response.Status.CONFLICT, "deployment " + rollback.deployment + " is not configured", null);
        }
        try {
            Map<String, String> outputs = actions.restorer(rollback, deployment.get()).revert(rollback.stamp);
            journal.recordExtra(incidentId, "2.R", 2, "Put the broken version back (operator revert)", outputs);
            return Response.ok(outputs).build();
        } catch (IOException e) {
            return Problem.of(Response.Status.CONFLICT, e.getMessage(), null);
        }
    }

}
