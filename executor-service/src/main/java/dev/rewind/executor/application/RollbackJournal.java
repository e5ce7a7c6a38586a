package dev.rewind.executor.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.rewind.events.PhaseEvent.PhaseCompleted;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.RunbookStep;
import dev.rewind.events.StepOutput;
import dev.rewind.events.VerificationStage;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.executor.persistence.RollbackStep;
import dev.rewind.executor.rollback.PlannedStep;
import dev.rewind.platform.outbox.Outbox;

/**
 * Every change of a rollback's progress, each in one transaction with the events that announce it
 * (through the outbox). The step rows are what a restarted executor resumes from.
 */
@ApplicationScoped
public class RollbackJournal {
    private final Outbox outbox;

    public RollbackJournal(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    public void phaseStartedIfFirst(UUID incidentId, PlannedStep step) {
        String key = "phase:" + step.phase();
        if (!step.firstOfPhase() || RollbackStep.find(incidentId, key) != null) {
            return;
        }
        Instant now = Instant.now();
        save(incidentId, key, RollbackStep.Status.STARTED, Map.of(), now, null);
        outbox.enqueue(new PhaseStarted(UUID.randomUUID(), incidentId, now, step.phase(), step.step().phase().title()));
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        if (rollback.status == RollbackRecord.Status.AUTHORIZED || step.phase() > 1) {
            touch(rollback, step.phase() == 1 ? RollbackRecord.Status.PREPARING : RollbackRecord.Status.EXECUTING);
        }
    }

    /**
     * Records a completed step; the last of its phase's steps to complete completes the phase. Two steps that run
     * together complete one after the other (the rollback's row is locked first), so the second sees the first.
     */
    @Transactional
    public void stepCompleted(UUID incidentId, PlannedStep step, Map<String, String> outputs, Instant startedAt) {
        RollbackRecord rollback = RollbackRecord.findById(incidentId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        save(incidentId, step.id(), RollbackStep.Status.COMPLETED, outputs, startedAt, now);
        outbox.enqueue(new StepCompleted(UUID.randomUUID(), incidentId, now, step.phase(), step.id(), step.title(),
                Duration.between(startedAt, now).toMillis(), clipped(outputs)));
        if (step == PlannedStep.SELECT_BACKUP) {
            rollback.sourceArchive = outputs.get(StepOutput.SOURCE.key());
            rollback.targetVersion = outputs.get("targetVersion");
        }
        if (step == PlannedStep.ARCHIVE_BROKEN) {
            rollback.brokenArchive = outputs.get(StepOutput.ARCHIVE.key());
        }
        touch(rollback, rollback.status);
        boolean phaseDone = PlannedStep.inOrder().stream().filter(other -> other.phase() == step.phase())
                .allMatch(other -> other == step || isCompleted(RollbackStep.find(incidentId, other.id())));
        RollbackStep phase = phaseDone ? RollbackStep.find(incidentId, "phase:" + step.phase()) : null;
        // a source rejected by validation runs 1.3 again: its phase was announced complete the first time
        if (phase != null && phase.status != RollbackStep.Status.COMPLETED) {
            phase.status = RollbackStep.Status.COMPLETED;
            phase.finishedAt = now;
            outbox.enqueue(new PhaseCompleted(UUID.randomUUID(), incidentId, now, step.phase(),
                    step.step().phase().title(), Duration.between(phase.startedAt, now).toMillis()));
        }
    }

    private static boolean isCompleted(RollbackStep row) {
        return row != null && row.status == RollbackStep.Status.COMPLETED;
    }

    @Transactional
    public void stepFailed(UUID incidentId, PlannedStep step, String cause, List<String> failedChecks, Instant startedAt) {
        Instant now = Instant.now();
        save(incidentId, step.id(), RollbackStep.Status.FAILED, Map.of("cause", truncate(cause)), startedAt, now);
        outbox.enqueue(new StepFailed(UUID.randomUUID(), incidentId, now, step.phase(), step.id(), step.title(),
                Duration.between(startedAt, now).toMillis(), truncate(cause)));
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        rollback.failure = truncate(step.id() + " " + step.title() + ": " + cause);
        touch(rollback, RollbackRecord.Status.FAILED);
        outbox.enqueue(new RollbackFailed(UUID.randomUUID(), incidentId, now, rollback.deployment, rollback.failure, failedChecks));
    }

    /** A failure before any step could run (e.g. the deployment is not configured). */
    @Transactional
    public void failedBeforeStart(UUID incidentId, String reason) {
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        rollback.failure = truncate(reason);
        touch(rollback, RollbackRecord.Status.FAILED);
        outbox.enqueue(new RollbackFailed(UUID.randomUUID(), incidentId, Instant.now(), rollback.deployment, rollback.failure, List.of()));
    }

    @Transactional
    public UUID verificationRequested(UUID incidentId, PlannedStep step, String targetDirectory) {
        Instant now = Instant.now();
        UUID verificationId = UUID.randomUUID();
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        if (step == PlannedStep.VALIDATE) {
            rollback.validationId = verificationId;
        } else {
            rollback.smokeId = verificationId;
        }
        touch(rollback, RollbackRecord.Status.VERIFYING);
        save(incidentId, step.id(), RollbackStep.Status.WAITING, Map.of(VERIFICATION_ID, verificationId.toString()), now, null);
        outbox.enqueue(request(rollback, step, verificationId, targetDirectory, now));
        return verificationId;
    }

    /** A (new) request event for the verification {@code verificationId} of {@code step}. */
    private static VerificationRequested request(RollbackRecord rollback, PlannedStep step, UUID verificationId, String targetDirectory,
                                                 Instant now) {
        return new VerificationRequested(UUID.randomUUID(), rollback.incidentId, now, verificationId,
                step == PlannedStep.VALIDATE ? VerificationStage.VALIDATION : VerificationStage.SMOKE,
                rollback.deployment, targetDirectory, rollback.targetVersion);
    }

    /**
     * Asks again for a verdict that has not come: the same verification, a new request event. The waiting step keeps
     * its start; its outputs count the asks ({@code askedAgain}) and keep the last one's time ({@code askedAgainAt}).
     * Returns false when the step no longer waits.
     */
    @Transactional
    public boolean verificationAskedAgain(UUID incidentId, PlannedStep step, String targetDirectory) {
        RollbackStep row = RollbackStep.find(incidentId, step.id());
        if (row == null || row.status != RollbackStep.Status.WAITING) {
            return false;
        }
        Instant now = Instant.now();
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        Map<String, String> outputs = new java.util.LinkedHashMap<>(row.outputs);
        outputs.put(ASKED_AGAIN, Integer.toString(Integer.parseInt(outputs.getOrDefault(ASKED_AGAIN, "0")) + 1));
        outputs.put(ASKED_AGAIN_AT, now.toString());
        row.outputs = Map.copyOf(outputs);
        outbox.enqueue(request(rollback, step, UUID.fromString(row.outputs.get(VERIFICATION_ID)), targetDirectory, now));
        return true;
    }

    static final String VERIFICATION_ID = "verificationId";
    static final String ASKED_AGAIN = "askedAgain";
    static final String ASKED_AGAIN_AT = "askedAgainAt";

    @Transactional
    public void completed(UUID incidentId) {
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        if (rollback.status == RollbackRecord.Status.COMPLETED) {
            return;
        }
        touch(rollback, RollbackRecord.Status.COMPLETED);
        outbox.enqueue(new RollbackCompleted(UUID.randomUUID(), incidentId, Instant.now(), rollback.deployment,
                rollback.fromVersion, rollback.targetVersion, Duration.between(rollback.createdAt, Instant.now()).toMillis(),
                rollback.brokenArchive));
    }

    /**
     * The operator's retry of a failed rollback: the failed step's row is kept under {@code <step>~<attempt>} for the
     * record, the rollback is EXECUTING again and goes on from that step. Returns the step retried.
     */
    @Transactional
    public String retryRequested(UUID incidentId, String actor) {
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        List<RollbackStep> rows = RollbackStep.of(incidentId);
        RollbackStep failed = rows.stream().filter(r -> r.status == RollbackStep.Status.FAILED && !RunbookStep.isEarlierAttempt(r.step)
                && !r.step.equals(REVERT)).findFirst().orElse(null);
        long attempt = rows.stream().filter(r -> RunbookStep.RETRY.names(r.step)).count() + 1;
        Instant now = Instant.now();
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put(StepOutput.ACTOR.key(), actor);
        outputs.put("failure", truncate(rollback.failure));
        if (failed != null) {
            outputs.put("step", failed.step);
            keepAsAttempt(incidentId, failed.step, attempt);
        }
        if (RollbackStep.find(incidentId, RollbackRunner.RESTARTED_UNTOUCHED) != null) {
            // the untouched version runs again since the failure and its staging was dropped: the retry stages and
            // validates again while it runs, then stops it again (2.1) for the swap
            keepAsAttempt(incidentId, PlannedStep.STOP_WORKLOAD.id(), attempt);
            keepAsAttempt(incidentId, RollbackRunner.RESTARTED_UNTOUCHED, attempt);
            for (PlannedStep staged : List.of(PlannedStep.RESTORE, PlannedStep.VALIDATE)) {
                keepAsAttempt(incidentId, staged.id(), rows.stream().filter(r -> staged.step().namesEarlierAttempt(r.step)).count() + 1);
            }
        }
        save(incidentId, RunbookStep.RETRY.attempt(attempt), RollbackStep.Status.COMPLETED, outputs, now, now);
        outbox.enqueue(new StepCompleted(UUID.randomUUID(), incidentId, now, RunbookStep.RETRY.phase().number(),
                RunbookStep.RETRY.attempt(attempt), RunbookStep.RETRY.title() + " by " + actor, 0, clipped(outputs)));
        rollback.failure = null;
        touch(rollback, RollbackRecord.Status.EXECUTING);
        return failed == null ? "" : failed.step;
    }

    /**
     * The staged source failed validation and nothing was put in place: its 1.3, 2.3 and 2.4 rows are kept as attempt
     * {@code n} ({@code 2.4~n} names the source and its SHA-256), so 1.3 picks the next source. Returns {@code n}.
     */
    @Transactional
    public long sourceRejectedByValidation(UUID incidentId, String cause, List<String> failedChecks) {
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        long attempt = rejectedSources(incidentId).size() + 1;
        RollbackStep validation = RollbackStep.find(incidentId, PlannedStep.VALIDATE.id());
        RollbackStep selected = RollbackStep.find(incidentId, PlannedStep.SELECT_BACKUP.id());
        Instant now = Instant.now();
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("cause", truncate(cause));
        outputs.put(StepOutput.SOURCE.key(), String.valueOf(rollback.sourceArchive));
        outputs.put(StepOutput.SHA256.key(), selected == null ? "" : selected.outputs.getOrDefault(StepOutput.SHA256.key(), ""));
        outputs.put("failedChecks", truncate(String.join("\n", failedChecks)));
        save(incidentId, PlannedStep.VALIDATE.step().attempt(attempt), RollbackStep.Status.FAILED, outputs, validation.startedAt, now);
        validation.delete();
        keepAsAttempt(incidentId, PlannedStep.SELECT_BACKUP.id(), attempt);
        keepAsAttempt(incidentId, PlannedStep.RESTORE.id(), attempt);
        outbox.enqueue(new StepFailed(UUID.randomUUID(), incidentId, now, PlannedStep.VALIDATE.phase(), PlannedStep.VALIDATE.step().attempt(attempt),
                PlannedStep.VALIDATE.title(), Duration.between(validation.startedAt, now).toMillis(),
                truncate("the staged " + rollback.sourceArchive + " failed validation and was not put in place; the next source is tried: "
                        + cause)));
        rollback.sourceArchive = null;
        touch(rollback, RollbackRecord.Status.EXECUTING);
        return attempt;
    }

    /** The checks that rejected this rollback's sources, for the failure when no source is left. */
    public static List<String> checksThatRejectedSources(UUID incidentId) {
        return rejectedSources(incidentId).stream()
                .flatMap(r -> java.util.Arrays.stream(r.outputs.getOrDefault("failedChecks", "").split("\n")))
                .filter(check -> !check.isEmpty()).distinct().toList();
    }

    /** The {@code 2.4~n} rows: one per source a validation rejected. */
    private static List<RollbackStep> rejectedSources(UUID incidentId) {
        return RollbackStep.of(incidentId).stream().filter(r -> RunbookStep.VALIDATE.namesEarlierAttempt(r.step)).toList();
    }

    /** Keeps a step's row as {@code <step>~<attempt>}, so the step runs again and its earlier run stays in the journal. */
    private static void keepAsAttempt(UUID incidentId, String step, long attempt) {
        RollbackStep row = RollbackStep.find(incidentId, step);
        if (row != null) {
            save(incidentId, RunbookStep.of(step).attempt(attempt), row.status, row.outputs, row.startedAt, row.finishedAt);
            row.delete();
        }
    }

    /** The SHA-256 of every source a validation rejected in this rollback: 1.3 does not pick them again. */
    public static java.util.Set<String> rejectedByValidation(UUID incidentId) {
        return rejectedSources(incidentId).stream()
                .map(r -> r.outputs.getOrDefault(StepOutput.SHA256.key(), "")).filter(sha -> !sha.isEmpty())
                .collect(java.util.stream.Collectors.toSet());
    }

    public static final String REVERT = RunbookStep.REVERT.id();

    /** The operator's revert, recorded before anything moves, so a crash resumes it; who asked is in its outputs. */
    @Transactional
    public void revertRequested(UUID incidentId, String actor) {
        save(incidentId, REVERT, RollbackStep.Status.STARTED, Map.of(StepOutput.ACTOR.key(), actor), Instant.now(), null);
    }

    @Transactional
    public void revertCompleted(UUID incidentId, Map<String, String> outputs) {
        RollbackStep row = RollbackStep.find(incidentId, REVERT);
        Map<String, String> all = new java.util.LinkedHashMap<>(row.outputs);
        all.putAll(outputs);
        Instant now = Instant.now();
        save(incidentId, REVERT, RollbackStep.Status.COMPLETED, all, row.startedAt, now);
        outbox.enqueue(new StepCompleted(UUID.randomUUID(), incidentId, now, RunbookStep.REVERT.phase().number(), REVERT, RunbookStep.REVERT.title() + " by " + all.get(StepOutput.ACTOR.key()),
                Duration.between(row.startedAt, now).toMillis(), clipped(all)));
    }

    /** A revert that could not finish; the rollback stays FAILED and the operator may ask again. */
    @Transactional
    public void revertFailed(UUID incidentId, String cause) {
        RollbackStep row = RollbackStep.find(incidentId, REVERT);
        Map<String, String> all = new java.util.LinkedHashMap<>(row.outputs);
        all.put("cause", truncate(cause));
        Instant now = Instant.now();
        save(incidentId, REVERT, RollbackStep.Status.FAILED, all, row.startedAt, now);
        outbox.enqueue(new StepFailed(UUID.randomUUID(), incidentId, now, RunbookStep.REVERT.phase().number(), REVERT, RunbookStep.REVERT.title() + " by " + all.get(StepOutput.ACTOR.key()),
                Duration.between(row.startedAt, now).toMillis(), truncate(cause)));
    }

    @Transactional
    public void recordExtra(UUID incidentId, RunbookStep step, Map<String, String> outputs) {
        Instant now = Instant.now();
        save(incidentId, step.id(), RollbackStep.Status.COMPLETED, outputs, now, now);
        outbox.enqueue(new StepCompleted(UUID.randomUUID(), incidentId, now, step.phase().number(), step.id(), step.title(), 0,
                clipped(outputs)));
    }

    /** Step outputs as published: each value within the event's text limit, so no output can make its event unpublishable. */
    private static Map<String, String> clipped(Map<String, String> outputs) {
        Map<String, String> clipped = new java.util.LinkedHashMap<>();
        outputs.forEach((key, value) -> clipped.put(key, dev.rewind.events.Require.clip(value, dev.rewind.events.Require.MAX_TEXT)));
        return clipped;
    }

    private static void save(UUID incidentId, String key, RollbackStep.Status status, Map<String, String> outputs,
                             Instant startedAt, Instant finishedAt) {
        RollbackStep row = RollbackStep.find(incidentId, key);
        if (row == null) {
            row = new RollbackStep();
            row.incidentId = incidentId;
            row.step = key;
        }
        row.status = status;
        row.outputs = Map.copyOf(outputs);
        row.startedAt = startedAt;
        row.finishedAt = finishedAt;
        row.persist();
    }

    private static void touch(RollbackRecord rollback, RollbackRecord.Status status) {
        rollback.status = status;
        rollback.updatedAt = Instant.now();
    }

    private static String truncate(String text) {
        String value = text == null ? "unknown" : text;
        return value.length() > 3000 ? value.substring(0, 3000) + "…" : value;
    }
}
