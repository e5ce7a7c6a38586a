package dev.rewind.executor.application;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.executor.persistence.RollbackStep;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Nothing unfinished waits for an event or a restart: at start-up and every {@code rewind.executor.resume-every}
 * each unfinished rollback and each revert under way is handed to its worker again (a rollback interrupted by a
 * lost database or broker, or one whose executor instance died, goes on by itself).
 */
@ApplicationScoped
public class RollbackResumption {
    private static final Logger LOG = Logger.getLogger(RollbackResumption.class);

    private final RollbackRunner runner;
    private final RollbackReverter reverter;
    private final String every;

    public RollbackResumption(RollbackRunner runner, RollbackReverter reverter,
                              @ConfigProperty(name = "rewind.executor.resume-every", defaultValue = "10s") String every) {
        this.runner = runner;
        this.reverter = reverter;
        this.every = every;
    }

    void atStartup(@Observes StartupEvent startup) {
        resume(true);
    }

    @Scheduled(every = "${rewind.executor.resume-every:10s}", delayed = "${rewind.executor.resume-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        resume(false);
    }

    private void resume(boolean loud) {
        try {
            List<RollbackRecord> unfinished = QuarkusTransaction.requiringNew().call(() -> {
                List<RollbackRecord> all = new java.util.ArrayList<>(RollbackRecord.unfinished());
                all.addAll(RollbackRecord.awaitingConclusion());
                return all;
            });
            List<RollbackRecord> reverting = QuarkusTransaction.requiringNew().call(() ->
                    RollbackStep.<RollbackStep>list("step = ?1 and status = ?2", RollbackJournal.REVERT, RollbackStep.Status.STARTED)
                            .stream().map(row -> RollbackRecord.<RollbackRecord>findById(row.incidentId)).toList());
            if (loud && !(unfinished.isEmpty() && reverting.isEmpty())) {
                LOG.infof("resuming %d unfinished rollback(s) %s and %d revert(s) %s", unfinished.size(),
                        unfinished.stream().map(r -> r.incidentId).toList(), reverting.size(), reverting.stream().map(r -> r.incidentId).toList());
            }
            unfinished.forEach(rollback -> runner.submit(rollback.incidentId, rollback.deployment));
            reverting.forEach(rollback -> reverter.carryOut(rollback.incidentId, rollback.deployment));
        } catch (RuntimeException e) {
            LOG.warnf("unfinished rollbacks could not be listed (%s); trying again within %s", e.getMessage(), every);
        }
    }
}
