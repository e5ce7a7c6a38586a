package dev.rewind.executor.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.executor.config.DeploymentTarget;
import dev.rewind.executor.config.Deployments;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.executor.persistence.RollbackStep;
import dev.rewind.executor.rollback.PlannedStep;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * A verdict lost on its way (published into a broker outage, a record gone) must not leave its step waiting until
 * the verification timeout: a step that has waited {@code rewind.executor.verification-ask-again-after} since it
 * last asked asks again. The verifier answers a verification it already judged with the same verdict event, which
 * every consumer that had it drops by its id.
 */
@ApplicationScoped
public class UnansweredVerifications {
    private static final Logger LOG = Logger.getLogger(UnansweredVerifications.class);

    private final RollbackJournal journal;
    private final Deployments deployments;
    private final StepActions actions;
    private final Duration askAgainAfter;
    private final Clock clock = Clock.systemUTC();

    public UnansweredVerifications(RollbackJournal journal, Deployments deployments, StepActions actions,
                                   @ConfigProperty(name = "rewind.executor.verification-ask-again-after", defaultValue = "PT2M")
                                   Duration askAgainAfter) {
        this.journal = journal;
        this.deployments = deployments;
        this.actions = actions;
        this.askAgainAfter = askAgainAfter;
    }

    @Scheduled(every = "${rewind.executor.timeout-check:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void askAgain() {
        Instant now = clock.instant();
        List<RollbackStep> waiting;
        try {
            waiting = QuarkusTransaction.requiringNew().call(() -> RollbackStep.<RollbackStep>list("status", RollbackStep.Status.WAITING));
        } catch (RuntimeException e) {
            LOG.debugf("waiting verifications not listed: %s", e.getMessage());
            return;
        }
        for (RollbackStep row : waiting) {
            if (!lastAsked(row).plus(askAgainAfter).isBefore(now)) {
                continue;
            }
            Optional<PlannedStep> step = PlannedStep.byId(row.step);
            RollbackRecord rollback = QuarkusTransaction.requiringNew().call(() -> RollbackRecord.<RollbackRecord>findById(row.incidentId));
            Optional<DeploymentTarget> deployment = rollback == null ? Optional.empty() : deployments.find(rollback.deployment);
            if (step.isEmpty() || deployment.isEmpty()) {
                continue;
            }
            if (journal.verificationAskedAgain(row.incidentId, step.get(),
                    actions.verifiedDirectory(rollback, deployment.get(), step.get()).toString())) {
                LOG.warnf("rollback %s: no verdict for step %s since %s; asked again", row.incidentId, row.step, lastAsked(row));
            }
        }
    }

    static Instant lastAsked(RollbackStep row) {
        return Optional.ofNullable(row.outputs.get(RollbackJournal.ASKED_AGAIN_AT)).map(Instant::parse).orElse(row.startedAt);
    }
}
