package dev.rewind.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every step a rollback records, as the runbook numbers it, with the runbook section it carries out. The wire
 * ({@code step} of {@code step.completed} and {@code step.failed}) holds {@link #id()}, or {@code <id>~<attempt>} for
 * an earlier attempt kept for the record (a source validation rejected, an operator's retry).
 */
public enum RunbookStep {
    DIAGNOSTICS("1.2", RunbookPhase.PREPARATION, "Capture diagnostic information", "Step 1.2: Capture Diagnostic Information"),
    SELECT_BACKUP("1.3", RunbookPhase.PREPARATION, "Identify and verify the backup to restore", "Step 1.3: Identify Backup to Restore"),
    STOP_WORKLOAD("2.1", RunbookPhase.EXECUTION, "Stop all workflow processes", "Step 2.1: Stop All Workflow Processes"),
    ARCHIVE_BROKEN("2.2", RunbookPhase.EXECUTION, "Back up the current (broken) version", "Step 2.2: Backup Current (Broken) Version"),
    RESTORE("2.3", RunbookPhase.EXECUTION, "Restore the good version into staging", "Step 2.3: Restore v1.0.0 from Backup"),
    VALIDATE("2.4", RunbookPhase.EXECUTION, "Validate the staged version", "Step 2.4: Validate Restored Version"),
    /** Rewind's own: the validated staging tree replaces the target in one rename, so nothing half-restored ever runs. */
    SWAP("2.4S", RunbookPhase.EXECUTION, "Put the validated version in place", "Step 2.3: Restore v1.0.0 from Backup"),
    START_WORKLOAD("2.6", RunbookPhase.EXECUTION, "Start the restored workflow", "Step 2.6: Start Restored Workflow"),
    /** A step before the swap failed: the version that was stopped in 2.1 runs again, untouched. */
    RESTART_UNTOUCHED("2.6U", RunbookPhase.EXECUTION, "Restart the untouched version (a step before the swap failed)",
            "Step 2.6: Start Restored Workflow"),
    /** The operator's revert of a failed rollback: the broken version is put back from its 2.2 archive. */
    REVERT("2.R", RunbookPhase.EXECUTION, "Put the broken version back (operator revert)", "Re-Deployment After Rollback"),
    /** The operator's retry of a failed rollback; always recorded as {@code retry~<attempt>}. */
    RETRY("retry", RunbookPhase.EXECUTION, "Retry the failed rollback (operator retry)", "Phase 2: Execution"),
    SMOKE_TEST("3.1", RunbookPhase.VERIFICATION, "Smoke tests", "Step 3.1: Smoke Testing"),
    /** Rewind's own: the checklist's "no critical errors in logs", on the lines the logs gained since the restart. */
    LOG_CHECK("3.L", RunbookPhase.VERIFICATION, "Check the logs since the restart for critical errors",
            "Rollback Coordination Checklist: No critical errors in logs"),
    DISCARD_BROKEN("4.1", RunbookPhase.ROOT_CAUSE_ANALYSIS, "Verify the broken version's archive, then remove the broken tree",
            "Step 4.1: Collect Evidence"),
    COMPARE_VERSIONS("4.2", RunbookPhase.ROOT_CAUSE_ANALYSIS, "Compare the broken and restored versions",
            "Step 4.2: Root Cause Analysis");

    /** Separates a step's id from the attempt an earlier run of it is kept as. */
    public static final char ATTEMPT = '~';

    private static final Map<String, RunbookStep> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(RunbookStep::id, Function.identity()));

    private final String id;
    private final RunbookPhase phase;
    private final String title;
    private final String section;

    RunbookStep(String id, RunbookPhase phase, String title, String section) {
        this.id = id;
        this.phase = phase;
        this.title = title;
        this.section = section;
    }

    /** The step's id on the wire and in the executor's journal, e.g. {@code 2.2}. */
    public String id() {
        return id;
    }

    public RunbookPhase phase() {
        return phase;
    }

    public String title() {
        return title;
    }

    /** The runbook section this step carries out. */
    public String section() {
        return section;
    }

    /** The id an earlier run of this step is kept under: {@code <id>~<attempt>}. */
    public String attempt(long attempt) {
        return id + ATTEMPT + attempt;
    }

    /** Whether {@code stepId} is this step, current or an earlier attempt of it. */
    public boolean names(String stepId) {
        return stepId.equals(id) || stepId.startsWith(id + ATTEMPT);
    }

    /** Whether {@code stepId} is an earlier attempt of this step kept for the record ({@code 2.4~1}), not its current run. */
    public boolean namesEarlierAttempt(String stepId) {
        return names(stepId) && isEarlierAttempt(stepId);
    }

    /** The step a wire id names, with or without its attempt; refuses an id the contract has no step for. */
    public static RunbookStep of(String stepId) {
        int attempt = stepId.indexOf(ATTEMPT);
        RunbookStep step = BY_ID.get(attempt < 0 ? stepId : stepId.substring(0, attempt));
        if (step == null || attempt >= 0 && !isAttemptNumber(stepId.substring(attempt + 1))) {
            throw new InvalidEventException("step", "is not a step of the runbook: " + Require.clip(stepId, 40));
        }
        return step;
    }

    /** Whether the wire id is an earlier attempt kept for the record, not the step's current run. */
    public static boolean isEarlierAttempt(String stepId) {
        return stepId.indexOf(ATTEMPT) >= 0;
    }

    private static boolean isAttemptNumber(String text) {
        return !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
