package dev.rewind.executor.rollback;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executor's rules, without a container: from the step rows (what the journal says) to what happens next;
 * from a failed step and the state of the target to the way out; from waiting rows and the clock to the
 * verifications that timed out. {@link dev.rewind.executor.application.RollbackRunner} carries them out.
 */
public final class RollbackDecider {
    /** What the journal says of one step. */
    public enum Status { STARTED, WAITING, COMPLETED, FAILED }

    /** A step's row as far as the rules need it. */
    public record Row(Status status, Instant startedAt) {
    }

    /** What to do next. */
    public sealed interface Next {
    }

    /** Run this step (again: every step is safe to repeat). */
    public record Run(PlannedStep step) implements Next {
    }

    /**
     * Run both at once: 1.2 (read the live tree for the post-mortem) and 1.3 (read the backup) need nothing of each
     * other, and both only read. Each is recorded on its own.
     */
    public record RunTogether(PlannedStep first, PlannedStep second) implements Next {
    }

    /** Ask verifier-service for this step's verdict. */
    public record RequestVerification(PlannedStep step) implements Next {
    }

    /** The step's verdict is awaited. */
    public record Await(PlannedStep step) implements Next {
    }

    /** The step failed: the rollback has stopped there. */
    public record Stopped(PlannedStep step) implements Next {
    }

    /** Every step completed. */
    public record Finished() implements Next {
    }

    /** Where the target stands when a step fails. */
    public enum Target {
        /** The broken version, as it was: nothing was swapped. */
        UNTOUCHED,
        /** The restored version is in place. */
        SWAPPED,
        /** Neither: a crash between the renames left no target (the resumed step finishes the swap). */
        ABSENT
    }

    /** The way out of a failed step. */
    public enum Recovery {
        /** A step before the stop failed: the broken version kept running; only the staged tree, if any, goes. */
        DROP_STAGING,
        /** The stop itself failed (part of the workload may have stopped): nothing is started beside what may still run. */
        NOTHING_TO_UNDO,
        /** The workload was stopped and the target is the untouched version: start it again, now. */
        RESTART_UNTOUCHED,
        /** The restored version is (or is about to be) in place: the operator retries or reverts. */
        RETRY_OR_REVERT
    }

    private RollbackDecider() {
    }

    /**
     * The first step not completed runs (or is requested, or awaited); while a verdict is awaited, only a step that
     * needs nothing from it runs meanwhile.
     */
    public static Next next(Map<String, Row> rows) {
        Await awaited = null;
        for (PlannedStep step : PlannedStep.inOrder()) {
            Row row = rows.get(step.id());
            if (row != null && row.status() == Status.COMPLETED) {
                continue;
            }
            if (row != null && row.status() == Status.FAILED) {
                return new Stopped(step);
            }
            if (awaited != null && !step.runsWhileAVerdictIsAwaited()) {
                return awaited;
            }
            if (step.waitsForVerification()) {
                if (row == null) {
                    return new RequestVerification(step);
                }
                awaited = new Await(step);
                continue;
            }
            if (step == PlannedStep.DIAGNOSTICS && !rows.containsKey(PlannedStep.SELECT_BACKUP.id())) {
                return new RunTogether(PlannedStep.DIAGNOSTICS, PlannedStep.SELECT_BACKUP);
            }
            return new Run(step);
        }
        return awaited != null ? awaited : new Finished();
    }

    /**
     * A failure while the workload runs changed nothing but the staging (a 2.1 that failed may have stopped part of the
     * workload, so nothing is started beside what may still run, and the staging stays for the retry); once 2.1
     * stopped it, an untouched target means the broken version is started again at once; once the restored version
     * is in place, the operator chooses between retry and revert.
     */
    public static Recovery afterFailure(PlannedStep failed, Map<String, Row> rows, Target target) {
        if (failed == PlannedStep.STOP_WORKLOAD) {
            return Recovery.NOTHING_TO_UNDO;
        }
        Row stop = rows.get(PlannedStep.STOP_WORKLOAD.id());
        boolean stopped = stop != null && stop.status() == Status.COMPLETED;
        if (!stopped) {
            return target == Target.UNTOUCHED ? Recovery.DROP_STAGING : Recovery.NOTHING_TO_UNDO;
        }
        return target == Target.UNTOUCHED ? Recovery.RESTART_UNTOUCHED : Recovery.RETRY_OR_REVERT;
    }

    /**
     * Whether another attempt may start afresh where a failed one left the target: only with the broken version in
     * place as it was (nothing swapped, or the swap reverted). Empty when it may; otherwise why not, and the way on.
     */
    public static Optional<String> whyNotAfresh(Target target, java.util.UUID incidentId) {
        return switch (target) {
            case UNTOUCHED -> Optional.empty();
            case SWAPPED -> Optional.of("the restored version of the failed attempt is in place: revert it (POST /api/v1/rollbacks/"
                    + incidentId + "/revert on executor-service) or retry it (.../retry) before another attempt");
            case ABSENT -> Optional.of("the target directory is missing (a swap was cut short): retry the failed attempt "
                    + "(POST /api/v1/rollbacks/" + incidentId + "/retry on executor-service), which finishes it, before another attempt");
        };
    }

    /** The waiting verification steps whose verdict has not come within {@code timeout} of {@code now}. */
    public static List<PlannedStep> timedOut(Map<String, Row> rows, Instant now, Duration timeout) {
        Instant cutoff = now.minus(timeout);
        return PlannedStep.inOrder().stream().filter(PlannedStep::waitsForVerification)
                .filter(step -> Optional.ofNullable(rows.get(step.id()))
                        .map(row -> row.status() == Status.WAITING && row.startedAt().isBefore(cutoff)).orElse(false))
                .toList();
    }
}
