package dev.rewind.executor.rollback;

import java.util.Arrays;
import java.util.List;

import dev.rewind.events.RunbookStep;

/**
 * The runbook's rollback, step by step, in the order the executor runs it. Verification steps wait for
 * verifier-service. The order keeps the workload down only for the swap: the good version is staged (2.3) and
 * validated (2.4) while the broken one still serves, the workload is stopped (2.1) just before the swap (2.4S) and
 * started (2.6) right after it, and the broken version, set aside by the swap, is archived (2.2) while the smoke
 * test (3.1) runs.
 */
public enum PlannedStep {
    DIAGNOSTICS(RunbookStep.DIAGNOSTICS, false, false),
    SELECT_BACKUP(RunbookStep.SELECT_BACKUP, false, false),
    RESTORE(RunbookStep.RESTORE, false, false),
    VALIDATE(RunbookStep.VALIDATE, true, false),
    STOP_WORKLOAD(RunbookStep.STOP_WORKLOAD, false, false),
    SWAP(RunbookStep.SWAP, false, false),
    START_WORKLOAD(RunbookStep.START_WORKLOAD, false, false),
    SMOKE_TEST(RunbookStep.SMOKE_TEST, true, false),
    ARCHIVE_BROKEN(RunbookStep.ARCHIVE_BROKEN, false, true);

    private final RunbookStep step;
    private final boolean waitsForVerification;
    private final boolean runsWhileAVerdictIsAwaited;

    PlannedStep(RunbookStep step, boolean waitsForVerification, boolean runsWhileAVerdictIsAwaited) {
        this.step = step;
        this.waitsForVerification = waitsForVerification;
        this.runsWhileAVerdictIsAwaited = runsWhileAVerdictIsAwaited;
    }

    public RunbookStep step() {
        return step;
    }

    public int phase() {
        return step.phase().number();
    }

    public String id() {
        return step.id();
    }

    public String title() {
        return step.title();
    }

    public boolean waitsForVerification() {
        return waitsForVerification;
    }

    /** Needs nothing from the verdict awaited before it, so it runs meanwhile (2.2 during the smoke test). */
    public boolean runsWhileAVerdictIsAwaited() {
        return runsWhileAVerdictIsAwaited;
    }

    /** The first step of its phase to run: the phase starts with it. */
    public boolean firstOfPhase() {
        return inOrder().stream().filter(s -> s.phase() == phase()).findFirst().orElseThrow() == this;
    }

    /** The step with this id, if it is one of these (not an extra such as 3.L, nor an earlier attempt's {@code 2.4~1}). */
    public static java.util.Optional<PlannedStep> byId(String id) {
        return inOrder().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public static List<PlannedStep> inOrder() {
        return Arrays.asList(values());
    }
}
