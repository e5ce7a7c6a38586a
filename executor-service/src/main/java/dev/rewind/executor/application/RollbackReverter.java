package dev.rewind.executor.application;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import dev.rewind.executor.config.Deployments;
import dev.rewind.executor.persistence.RollbackRecord;
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
            return problem(Response.Status.NOT_FOUND, "no rollback for incident " + incidentId);
        }
        if (rollback.status != RollbackRecord.Status.FAILED) {
            return problem(Response.Status.CONFLICT, "only a failed rollback can be reverted; this one is " + rollback.status);
        }
        var deployment = deployments.find(rollback.deployment);
        if (deployment.isEmpty()) {
            return problem(Response.Status.CONFLICT, "deployment " + rollback.deployment + " is not configured");
        }
        try {
            Map<String, String> outputs = actions.restorer(rollback, deployment.get()).revert(rollback.stamp);
            journal.recordExtra(incidentId, "2.R", 2, "Put the broken version back (operator revert)", outputs);
            return Response.ok(outputs).build();
        } catch (IOException e) {
            return problem(Response.Status.CONFLICT, e.getMessage());
        }
    }

    private static Response problem(Response.Status status, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("title", status.getReasonPhrase(), "status", status.getStatusCode(), "detail", detail)).build();
    }
}
