package dev.rewind.executor.application;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.rewind.events.StepOutput;
import dev.rewind.executor.config.DeploymentTarget;
import dev.rewind.executor.config.Deployments;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.executor.persistence.RollbackStep;
import dev.rewind.platform.messaging.Failures;
import dev.rewind.platform.rest.Problem;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The operator's ways out of a failed rollback. The revert (only while the broken tree is still beside the target,
 * once) is journaled before anything moves and runs on the rollback worker; the answer waits for it a bounded time.
 * The retry goes on from the failed step.
 */
@ApplicationScoped
public class RollbackReverter {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(RollbackReverter.class);

    private final Deployments deployments;
    private final RollbackRunner runner;
    private final RollbackJournal journal;
    private final StepActions actions;

    public RollbackReverter(Deployments deployments, RollbackRunner runner, RollbackJournal journal, StepActions actions) {
        this.deployments = deployments;
        this.runner = runner;
        this.journal = journal;
        this.actions = actions;
    }

    /** Goes on from the failed step, unless the rollback was reverted (then only a new attempt will do). */
    public Response retry(UUID incidentId, String actor) {
        Response answer = QuarkusTransaction.requiringNew().call(() -> {
            Response refused = refusal(incidentId, "retried");
            if (refused != null) {
                return refused;
            }
            String step = journal.retryRequested(incidentId, actor);
            return Response.accepted(Map.of("status", "retrying", "incidentId", incidentId.toString(), "step", step)).build();
        });
        if (answer.getStatus() == Response.Status.ACCEPTED.getStatusCode()) {
            runner.submit(incidentId, QuarkusTransaction.requiringNew().call(() -> RollbackRecord.<RollbackRecord>findById(incidentId).deployment));
        }
        return answer;
    }

    /**
     * The revert recorded by {@link RollbackJournal#revertRequested}, on the deployment's rollback worker, so it never
     * runs beside a rollback of it: stop the workload, put the broken tree back, start the workload. Safe to repeat.
     */
    Future<Map<String, String>> carryOut(UUID incidentId, String deploymentName) {
        return runner.onWorker(deploymentName, () -> {
            RollbackStep row = QuarkusTransaction.requiringNew().call(() -> RollbackStep.find(incidentId, RollbackJournal.REVERT));
            if (row == null || row.status != RollbackStep.Status.STARTED) {
                return row == null ? Map.of() : row.outputs;
            }
            RollbackRecord rollback = QuarkusTransaction.requiringNew().call(() -> RollbackRecord.<RollbackRecord>findById(incidentId));
            try {
                DeploymentTarget deployment = deployments.find(rollback.deployment).orElseThrow(() ->
                        new IOException("deployment " + rollback.deployment + " is not in the deployments file"));
                Map<String, String> outputs = new java.util.LinkedHashMap<>();
                Map<String, String> stopped = actions.stopWorkload(deployment);
                outputs.put("stopped", stopped.getOrDefault("stopped", stopped.getOrDefault("replicasBefore", "")));
                outputs.putAll(actions.restorer(rollback, deployment).revert(rollback.stamp));
                Map<String, String> started = actions.startWorkload(deployment, stopped);
                outputs.put("started", started.getOrDefault("started", ""));
                journal.revertCompleted(incidentId, outputs);
                return outputs;
            } catch (Exception e) {
                if (Failures.classify(e) == Failures.Kind.TRANSIENT) {
                    LOG.warnf("revert of incident %s waits for the database (%s); it resumes by itself", incidentId, e.getMessage());
                    throw e;
                }
                LOG.errorf(e, "revert of incident %s failed", incidentId);
                journal.revertFailed(incidentId, e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            }
        });
    }

    /** Why a failed rollback cannot be retried or reverted now, or {@code null}. */
    private Response refusal(UUID incidentId, String what) {
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        if (rollback == null) {
            return Problem.of(Response.Status.NOT_FOUND, "no rollback for incident " + incidentId, null);
        }
        if (rollback.status != RollbackRecord.Status.FAILED) {
            return Problem.of(Response.Status.CONFLICT, "only a failed rollback can be " + what + "; this one is " + rollback.status, null);
        }
        if (deployments.find(rollback.deployment).isEmpty()) {
            return Problem.of(Response.Status.CONFLICT, "deployment " + rollback.deployment + " is not configured", null);
        }
        RollbackStep revert = RollbackStep.find(incidentId, RollbackJournal.REVERT);
        if (revert != null && revert.status == RollbackStep.Status.COMPLETED) {
            return Problem.of(Response.Status.CONFLICT, "already reverted by " + revert.outputs.get(StepOutput.ACTOR.key()) + " at " + revert.finishedAt, null);
        }
        if (revert != null && revert.status == RollbackStep.Status.STARTED) {
            return Problem.of(Response.Status.CONFLICT, "a revert asked by " + revert.outputs.get(StepOutput.ACTOR.key()) + " is under way", null);
        }
        if ("reverted".equals(what) && actions.restorer(rollback, deployments.find(rollback.deployment).get()).state()
                == dev.rewind.executor.rollback.RollbackDecider.Target.UNTOUCHED) {
            return Problem.of(Response.Status.CONFLICT, "nothing was put in place: the target is still the version the rollback started"
                    + " from; retry instead", null);
        }
        return null;
    }

    public Response revert(UUID incidentId, String actor) {
        Response refused = QuarkusTransaction.requiringNew().call(() -> {
            Response refusal = refusal(incidentId, "reverted");
            if (refusal != null) {
                return refusal;
            }
            journal.revertRequested(incidentId, actor);
            return null;
        });
        if (refused != null) {
            return refused;
        }
        String deployment = QuarkusTransaction.requiringNew().call(() -> RollbackRecord.<RollbackRecord>findById(incidentId).deployment);
        Future<Map<String, String>> reverted = carryOut(incidentId, deployment);
        try {
            return Response.ok(reverted.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS)).build();
        } catch (TimeoutException e) {
            return Response.accepted(Map.of("status", "reverting", "incidentId", incidentId.toString())).build();
        } catch (ExecutionException e) {
            return Problem.of(Response.Status.CONFLICT, "the revert failed: " + e.getCause().getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.accepted(Map.of("status", "reverting", "incidentId", incidentId.toString())).build();
        }
    }
}
