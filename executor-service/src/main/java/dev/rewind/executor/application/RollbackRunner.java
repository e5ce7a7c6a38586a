package dev.rewind.executor.application;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.events.RunbookStep;
import dev.rewind.events.StepOutput;
import dev.rewind.events.Verdict;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.executor.archive.ArchiveReader;
import dev.rewind.executor.config.DeploymentTarget;
import dev.rewind.executor.config.Deployments;
import dev.rewind.executor.persistence.DeploymentLeases;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.executor.persistence.RollbackStep;
import dev.rewind.executor.rollback.PlannedStep;
import dev.rewind.executor.rollback.Restorer;
import dev.rewind.executor.rollback.RollbackDecider;
import dev.rewind.executor.rollback.VersionComparison;
import dev.rewind.executor.rollback.ChangeLog;
import dev.rewind.executor.rollback.DiagnosticsCapture;
import dev.rewind.executor.rollback.ErrorLines;
import dev.rewind.executor.rollback.LogCheck;
import dev.rewind.executor.workload.WorkloadController;
import dev.rewind.platform.messaging.Failures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Drives each rollback through {@link PlannedStep}s as {@link RollbackDecider} says. Rollbacks of one deployment run
 * one at a time (in this instance by {@link KeyedWorkers}, across instances by the {@link DeploymentLeases}), of
 * different deployments in parallel on {@code rewind.executor.workers} threads. It always starts from what the step
 * rows say: after a crash the first step not COMPLETED runs again (every step is safe to repeat: the archive and
 * staging names are fixed per rollback, the swap checks the file system first), a finished step never runs twice,
 * and a waiting step waits for its verdict.
 */
@ApplicationScoped
public class RollbackRunner {
    private static final Logger LOG = Logger.getLogger(RollbackRunner.class);
    static final String RESTARTED_UNTOUCHED = RunbookStep.RESTART_UNTOUCHED.id();
    private static final Duration TRANSIENT_RETRY = Duration.ofSeconds(1);
    private static final Duration VERDICT_HANDLING_LIMIT = Duration.ofMinutes(2);
    /** Sources whose staged tree a validation may reject in one rollback before it fails (bounds a source that keeps coming back). */
    static final int SOURCES_TRIED_AT_MOST = 5;

    private final Deployments deployments;
    private final StepActions actions;
    private final RollbackJournal journal;
    private final DeploymentLeases leases;
    private final CrashTestHold crashTestHold;
    private final Duration verificationTimeout;
    private final java.time.Clock clock = java.time.Clock.systemUTC();
    private final java.util.Set<UUID> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final KeyedWorkers workers;
    /** Runs the first of two steps that run together ({@link RollbackDecider.RunTogether}). */
    private final java.util.concurrent.ExecutorService beside;
    /** Set at shutdown: the scheduled timeout check would otherwise run into a closed database session. */
    private volatile boolean stopping;
    private final java.util.concurrent.ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rollback-retry");
        thread.setDaemon(true);
        return thread;
    });

    public RollbackRunner(Deployments deployments, StepActions actions, RollbackJournal journal, DeploymentLeases leases,
                          CrashTestHold crashTestHold,
                          @ConfigProperty(name = "rewind.executor.verification-timeout", defaultValue = "PT30M") Duration verificationTimeout,
                          @ConfigProperty(name = "rewind.executor.workers", defaultValue = "2") int workers) {
        this.deployments = deployments;
        this.actions = actions;
        this.journal = journal;
        this.leases = leases;
        this.crashTestHold = crashTestHold;
        this.verificationTimeout = verificationTimeout;
        this.workers = new KeyedWorkers(Math.max(1, workers), "rollback-worker");
        this.beside = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread thread = new Thread(r, "rollback-beside");
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        stopping = true;
        later.shutdownNow();
        workers.stop();
        beside.shutdownNow();
    }

    /** Queues the rollback once: a rollback already waiting for its worker is not queued again. */
    public void submit(UUID incidentId, String deployment) {
        if (!queued.add(incidentId)) {
            return;
        }
        workers.submit(deployment, () -> {
            queued.remove(incidentId);
            try {
                advance(incidentId);
            } catch (RuntimeException e) {
                if (Failures.classify(e) == Failures.Kind.TRANSIENT) {
                    LOG.warnf("rollback of incident %s waits for the database or broker (%s); trying again in %s",
                            incidentId, e.getMessage(), TRANSIENT_RETRY);
                    later.schedule(() -> submit(incidentId, deployment), TRANSIENT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    LOG.errorf(e, "rollback of incident %s stopped; the periodic resumption tries it again", incidentId);
                }
            }
            return null;
        });
    }

    /** Runs {@code task} on the deployment's worker, so it never runs beside a rollback of that deployment here. */
    <T> java.util.concurrent.Future<T> onWorker(String deployment, java.util.concurrent.Callable<T> task) {
        return workers.submit(deployment, task);
    }

    /** A verifier's verdict for one of our requests: completes or fails the waiting step, then goes on. */
    public void onVerification(VerificationCompleted verdict) {
        Optional<Answered> answered = QuarkusTransaction.requiringNew().call(() -> {
            Optional<RollbackRecord> rollback = RollbackRecord.byVerification(verdict.verificationId());
            if (rollback.isEmpty()) {
                return Optional.<Answered>empty();
            }
            PlannedStep step = verdict.verificationId().equals(rollback.get().validationId) ? PlannedStep.VALIDATE : PlannedStep.SMOKE_TEST;
            RollbackStep row = RollbackStep.find(rollback.get().incidentId, step.id());
            if (row == null || row.status != RollbackStep.Status.WAITING) {
                return Optional.<Answered>empty();
            }
            if (verdict.verdict() == Verdict.PASSED) {
                journal.stepCompleted(row.incidentId, step, Map.of("verdict", "PASSED", "passed", Integer.toString(verdict.passed()),
                        "verificationId", verdict.verificationId().toString()), row.startedAt);
            }
            return Optional.of(new Answered(row.incidentId, rollback.get().deployment, step));
        });
        if (answered.isEmpty()) {
            return;
        }
        if (verdict.verdict() != Verdict.PASSED) {
            failWaitingStep(answered.get().incidentId(), answered.get().step(), "verification " + verdict.verdict() + ": " + verdict.failed()
                    + " failed, " + verdict.inconclusive() + " inconclusive " + verdict.failedChecks(), verdict.failedChecks(),
                    verdict.verdict() == Verdict.FAILED);
        }
        submit(answered.get().incidentId(), answered.get().deployment());
    }

    /** The waiting step a verdict answers. */
    private record Answered(UUID incidentId, String deployment, PlannedStep step) {
    }

    /** A verification that never answers must not leave the rollback waiting forever: INCONCLUSIVE is not PASSED. */
    @Scheduled(every = "${rewind.executor.timeout-check:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void failStaleVerifications() {
        if (stopping) {
            return;
        }
        Map<UUID, List<PlannedStep>> stale = QuarkusTransaction.requiringNew().call(() -> {
            Map<UUID, Map<String, RollbackStep>> waiting = RollbackStep.<RollbackStep>list("status", RollbackStep.Status.WAITING).stream()
                    .collect(Collectors.groupingBy(r -> r.incidentId, Collectors.toMap(r -> r.step, Function.identity())));
            Map<UUID, List<PlannedStep>> timedOut = new java.util.HashMap<>();
            waiting.forEach((incidentId, rows) -> timedOut.put(incidentId,
                    RollbackDecider.timedOut(decidable(rows), clock.instant(), verificationTimeout)));
            return timedOut;
        });
        stale.forEach((incidentId, steps) -> steps.forEach(step -> failWaitingStep(incidentId, step,
                "no verification verdict within " + verificationTimeout + " (INCONCLUSIVE)", List.of(step.title() + ": no verdict"), false)));
    }

    /**
     * Fails a step that waited for a verdict. A failed validation is handled on the deployment's worker: the staging
     * it judged is dropped, or the next source tried. A failed smoke test is recorded at once, beside the 2.2 that may
     * be archiving on the worker meanwhile (for minutes, on a large tree): its way out changes nothing on disk.
     */
    private void failWaitingStep(UUID incidentId, PlannedStep step, String cause, List<String> failedChecks, boolean tryNextSource) {
        RollbackRecord rollback = QuarkusTransaction.requiringNew().call(() -> RollbackRecord.<RollbackRecord>findById(incidentId));
        java.util.concurrent.Callable<Void> failing = () -> {
            Map<String, RollbackStep> rows = rows(incidentId);
            RollbackStep row = rows.get(step.id());
            if (row == null || row.status != RollbackStep.Status.WAITING) {
                return null;
            }
            Optional<DeploymentTarget> deployment = deployments.find(rollback.deployment);
            Optional<Restorer> restorer = deployment.map(target -> actions.restorer(rollback, target));
            if (tryNextSource && step == PlannedStep.VALIDATE && restorer.isPresent()
                    && restorer.get().state() == RollbackDecider.Target.UNTOUCHED
                    && rows.keySet().stream().filter(key -> step.step().namesEarlierAttempt(key)).count() < SOURCES_TRIED_AT_MOST - 1) {
                restorer.get().dropStaging();
                long attempt = journal.sourceRejectedByValidation(incidentId, cause, failedChecks);
                LOG.warnf("rollback %s: the staged %s failed validation (attempt %d); nothing was put in place, trying the next source",
                        incidentId, rollback.sourceArchive, attempt);
                return null;
            }
            String wayOut = deployment.map(target -> recover(rollback, target, step, rows)).orElse("");
            journal.stepFailed(incidentId, step, cause + wayOut, failedChecks, row.startedAt);
            return null;
        };
        try {
            if (step == PlannedStep.SMOKE_TEST) {
                failing.call();
            } else {
                onWorker(rollback.deployment, failing).get(VERDICT_HANDLING_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while failing step " + step.id() + " of " + incidentId, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not fail step " + step.id() + " of " + incidentId + ": " + e.getMessage(), e);
        }
    }

    void advance(UUID incidentId) {
        while (true) {
            RollbackRecord rollback = QuarkusTransaction.requiringNew().call(() -> RollbackRecord.<RollbackRecord>findById(incidentId));
            if (rollback == null) {
                return;
            }
            // a completed rollback still has its conclusion to run (3.L, 4.2, 4.1) until 4.1's row exists
            boolean concluding = rollback.status == RollbackRecord.Status.COMPLETED;
            if (rollback.status == RollbackRecord.Status.FAILED || concluding && rows(incidentId).containsKey(RollbackRecord.CONCLUDED_BY)) {
                leases.release(incidentId);
                return;
            }
            if (!leases.hold(rollback.deployment, incidentId)) {
                LOG.debugf("rollback %s waits: deployment %s is held by another rollback or executor", incidentId, rollback.deployment);
                return;
            }
            Optional<DeploymentTarget> deployment = deployments.find(rollback.deployment);
            if (deployment.isEmpty()) {
                String gone = "deployment " + rollback.deployment + " is not in the deployments file";
                if (concluding) {
                    journal.recordExtra(incidentId, RunbookStep.DISCARD_BROKEN, Map.of("archiveVerified", "false",
                            "brokenTree", "not looked for", "reason", gone));
                } else {
                    journal.failedBeforeStart(incidentId, gone);
                }
                leases.release(incidentId);
                return;
            }
            Map<String, RollbackStep> rows = rows(incidentId);
            if (concluding) {
                conclude(rollback, deployment.get(), rows);
                leases.release(incidentId);
                return;
            }
            RollbackDecider.Next next = RollbackDecider.next(decidable(rows));
            if (next instanceof RollbackDecider.Finished) {
                journal.completed(incidentId);
                crashTestHold.at(CrashTestHold.Point.BEFORE_CONCLUDING);
                continue; // concluded under the lease, above
            }
            if (next instanceof RollbackDecider.RequestVerification request) {
                journal.phaseStartedIfFirst(incidentId, request.step());
                journal.verificationRequested(incidentId, request.step(),
                        actions.verifiedDirectory(rollback, deployment.get(), request.step()).toString());
                continue; // a step that needs nothing from the verdict may run meanwhile
            }
            if (next instanceof RollbackDecider.RunTogether together) {
                journal.phaseStartedIfFirst(incidentId, together.first());
                if (!runTogether(rollback, deployment.get(), together, rows) && Thread.currentThread().isInterrupted()) {
                    return;
                }
                continue;
            }
            if (!(next instanceof RollbackDecider.Run run)) {
                return; // stopped at a failed step, or awaiting a verdict
            }
            journal.phaseStartedIfFirst(incidentId, run.step());
            if (!run(rollback, deployment.get(), run.step(), rows) && Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /**
     * The first step on a helper thread, the second on this worker. Both are always waited for, even when one throws,
     * so a retry never runs a step beside an earlier run of itself; a transient failure of either is rethrown.
     */
    private boolean runTogether(RollbackRecord rollback, DeploymentTarget deployment, RollbackDecider.RunTogether together,
                                Map<String, RollbackStep> rows) {
        java.util.concurrent.Future<Boolean> first = beside.submit(() -> run(rollback, deployment, together.first(), rows));
        RuntimeException failure = null;
        boolean second = false;
        try {
            second = run(rollback, deployment, together.second(), rows);
        } catch (RuntimeException e) {
            failure = e;
        }
        boolean firstDone;
        try {
            firstDone = first.get();
        } catch (InterruptedException e) {
            first.cancel(true);
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
        if (failure != null) {
            throw failure;
        }
        return firstDone && second;
    }

    private static Map<String, RollbackStep> rows(UUID incidentId) {
        return QuarkusTransaction.requiringNew().call(() ->
                RollbackStep.of(incidentId).stream().collect(Collectors.toMap(r -> r.step, Function.identity())));
    }

    static Map<String, RollbackDecider.Row> decidable(Map<String, RollbackStep> rows) {
        Map<String, RollbackDecider.Row> decidable = new java.util.HashMap<>();
        rows.forEach((step, row) -> decidable.put(step, new RollbackDecider.Row(RollbackDecider.Status.valueOf(row.status.name()), row.startedAt)));
        return decidable;
    }

    private boolean run(RollbackRecord rollback, DeploymentTarget deployment, PlannedStep step, Map<String, RollbackStep> rows) {
        Instant started = Instant.now();
        try {
            Map<String, String> outputs = switch (step) {
                case DIAGNOSTICS -> actions.captureDiagnostics(rollback, deployment);
                case SELECT_BACKUP -> actions.selectBackup(rollback, deployment);
                case STOP_WORKLOAD -> actions.stopWorkload(deployment);
                case ARCHIVE_BROKEN -> actions.archiveBroken(rollback, deployment);
                case RESTORE -> actions.restore(rollback, deployment);
                case SWAP -> actions.swapIn(rollback, deployment);
                case START_WORKLOAD -> {
                    LogCheck.mark(deployment.logs(), analysis(rows));
                    yield startAgain(deployment, rows);
                }
                case VALIDATE, SMOKE_TEST -> throw new IllegalStateException(step + " waits for verifier-service");
            };
            journal.stepCompleted(rollback.incidentId, step, outputs, started);
            if (step == PlannedStep.RESTORE) {
                HeapRelease.afterLargeSteps();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            if (Failures.classify(e) == Failures.Kind.TRANSIENT) {
                // every step is safe to repeat: the step runs again once the database or broker is back
                throw new Failures.TransientFailure("step " + step.id() + " of rollback " + rollback.incidentId
                        + " interrupted by a transient failure: " + e.getMessage(), e);
            }
            LOG.errorf(e, "rollback %s: step %s failed", rollback.incidentId, step.id());
            String cause = (e.getMessage() == null ? e.toString() : e.getMessage()) + recover(rollback, deployment, step, rows);
            // 1.3 failing after validations rejected sources: those checks are why there is no source left
            List<String> failedChecks = step == PlannedStep.SELECT_BACKUP
                    ? QuarkusTransaction.requiringNew().call(() -> RollbackJournal.checksThatRejectedSources(rollback.incidentId)) : List.of();
            journal.stepFailed(rollback.incidentId, step, cause, failedChecks, started);
            return false;
        }
    }

    /** Carries out the way out of a failed step; returns what the failure's message adds about it. */
    private String recover(RollbackRecord rollback, DeploymentTarget deployment, PlannedStep failed, Map<String, RollbackStep> rows) {
        RollbackDecider.Recovery recovery = RollbackDecider.afterFailure(failed, decidable(rows),
                actions.restorer(rollback, deployment).state());
        return switch (recovery) {
            case NOTHING_TO_UNDO -> "";
            case DROP_STAGING -> {
                try {
                    actions.restorer(rollback, deployment).dropStaging();
                } catch (IOException e) {
                    LOG.warnf("rollback %s: could not remove the staged tree: %s", rollback.incidentId, e.getMessage());
                }
                yield "; the workload was never stopped: the broken version keeps running, untouched";
            }
            case RETRY_OR_REVERT -> (failed == PlannedStep.ARCHIVE_BROKEN ? "; the restored version runs and the broken tree is kept at "
                    + actions.restorer(rollback, deployment).brokenTree() + " until it is archived" : "; the restored version is in place")
                    + ": retry or revert (POST /api/v1/rollbacks/" + rollback.incidentId + "/retry or /revert)";
            case RESTART_UNTOUCHED -> {
                try {
                    actions.restorer(rollback, deployment).dropStaging();
                    Map<String, String> started = startAgain(deployment, rows);
                    journal.recordExtra(rollback.incidentId, RunbookStep.RESTART_UNTOUCHED, started);
                    yield "; nothing was swapped and the untouched version was started again";
                } catch (Exception restart) {
                    LOG.errorf(restart, "rollback %s: the untouched version could not be started again", rollback.incidentId);
                    yield "; nothing was swapped, but starting the untouched version again failed: " + restart.getMessage();
                }
            }
        };
    }

    /**
     * Starts the workload that 2.1 stopped and says how long it was down: from the stop being requested (2.1's start)
     * to the started workload running (the controller's {@code runningSince}, else now).
     */
    private Map<String, String> startAgain(DeploymentTarget deployment, Map<String, RollbackStep> rows) throws IOException, InterruptedException {
        RollbackStep stop = rows.get(PlannedStep.STOP_WORKLOAD.id());
        Map<String, String> outputs = new java.util.LinkedHashMap<>(actions.startWorkload(deployment, stop.outputs));
        Instant running = Optional.ofNullable(outputs.get(WorkloadController.RUNNING_SINCE)).map(Instant::parse).orElseGet(Instant::now);
        outputs.put(StepOutput.DOWNTIME_MS.key(), Long.toString(Math.max(0, Duration.between(stop.startedAt, running).toMillis())));
        return outputs;
    }

    /**
     * What follows {@code rollback.completed}, each part not yet recorded: 3.L, 4.2, then 4.1, always last, whose row
     * marks the rollback concluded. It runs under the deployment's lease, and a restarted executor resumes it
     * ({@link RollbackRecord#awaitingConclusion()}), so a crash never leaves the set-aside broken tree for good.
     */
    private void conclude(RollbackRecord rollback, DeploymentTarget deployment, Map<String, RollbackStep> rows) {
        if (!rows.containsKey(RunbookStep.LOG_CHECK.id())) {
            checkLogs(rollback, deployment, rows);
        }
        if (!rows.containsKey(RunbookStep.COMPARE_VERSIONS.id())) {
            compareVersions(rollback, deployment, rows);
        }
        discardBrokenTree(rollback, deployment, rows.get(PlannedStep.ARCHIVE_BROKEN.id()).outputs);
        HeapRelease.afterLargeSteps(); // 2.2 wrote and 4.1 read the broken archive: the heap they grew goes back
    }

    /** The checklist's "no critical errors in logs": the lines the logs gained since the restart; never fails the rollback. */
    private void checkLogs(RollbackRecord rollback, DeploymentTarget deployment, Map<String, RollbackStep> rows) {
        try {
            journal.recordExtra(rollback.incidentId, RunbookStep.LOG_CHECK, LogCheck.sinceMark(deployment.logs(), analysis(rows)));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("rollback %s: could not check the logs since the restart: %s", rollback.incidentId, e.getMessage());
        }
    }

    /** The diagnostics directory of this rollback (1.2), where its evidence and the log marks are kept. */
    private static Path analysis(Map<String, RollbackStep> rows) {
        return Path.of(rows.get(PlannedStep.DIAGNOSTICS.id()).outputs.get(StepOutput.DIAGNOSTICS.key()));
    }

    /**
     * Evidence for the post-mortem, after the rollback (runbook 4.2): the differences between the versions, the logs'
     * error lines and, with a git repository, the change log. Each part that cannot be had is left out with a warning;
     * none delays or fails the restore.
     */
    private void compareVersions(RollbackRecord rollback, DeploymentTarget deployment, Map<String, RollbackStep> rows) {
        Path analysis = analysis(rows);
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        try {
            outputs.putAll(VersionComparison.compare(Path.of(rows.get(PlannedStep.ARCHIVE_BROKEN.id()).outputs.get(StepOutput.MANIFEST.key())),
                    deployment.target(), StepActions.selection(deployment), analysis));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("rollback %s: could not compare the versions: %s", rollback.incidentId, e.getMessage());
        }
        try {
            outputs.putAll(ErrorLines.collect(analysis.resolve(DiagnosticsCapture.LOGS), analysis));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("rollback %s: could not collect the logs' error lines: %s", rollback.incidentId, e.getMessage());
        }
        if (deployment.git() != null && rollback.fromVersion != null && rollback.targetVersion != null) {
            try {
                outputs.putAll(ChangeLog.collect(deployment.git(), rollback.targetVersion, rollback.fromVersion, analysis));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("rollback %s: could not collect the change log: %s", rollback.incidentId, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!outputs.isEmpty()) {
            journal.recordExtra(rollback.incidentId, RunbookStep.COMPARE_VERSIONS, outputs);
        }
    }

    /**
     * The broken tree goes only once its archive, read back in full, is still the one 2.2 wrote (same SHA-256, same
     * file count): otherwise it stays beside the target, and the journal says why.
     */
    private void discardBrokenTree(RollbackRecord rollback, DeploymentTarget deployment, Map<String, String> archived) {
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        Path archive = Path.of(archived.get(StepOutput.ARCHIVE.key()));
        outputs.put(StepOutput.ARCHIVE.key(), archive.toString());
        try {
            ArchiveReader.Contents contents = ArchiveReader.verify(archive, ArchiveReader.Limits.DEFAULT, StepActions.selection(deployment));
            if (!contents.sha256().equals(archived.get(StepOutput.SHA256.key())) || contents.files() != Integer.parseInt(archived.get(StepOutput.FILES.key()))) {
                throw new IOException("it no longer is what 2.2 wrote (SHA-256 " + contents.sha256() + ", " + contents.files()
                        + " files; 2.2 wrote " + archived.get(StepOutput.SHA256.key()) + ", " + archived.get(StepOutput.FILES.key()) + " files)");
            }
            actions.restorer(rollback, deployment).discardBrokenTree();
            outputs.put("archiveVerified", "true");
            outputs.put("brokenTree", "removed");
        } catch (IOException | RuntimeException e) {
            LOG.errorf("rollback %s: the broken tree stays at %s: its archive %s did not verify: %s", rollback.incidentId,
                    actions.restorer(rollback, deployment).brokenTree(), archive, e.getMessage());
            outputs.put("archiveVerified", "false");
            outputs.put("brokenTree", "kept at " + actions.restorer(rollback, deployment).brokenTree());
            outputs.put("reason", String.valueOf(e.getMessage()));
        }
        journal.recordExtra(rollback.incidentId, RunbookStep.DISCARD_BROKEN, outputs);
    }
}
