package dev.rewind.executor.rollback;

import java.util.Arrays;
import java.util.List;

import dev.rewind.events.RunbookStep;

/** The runbook's rollback, step by step, in the order the executor runs it. Verification steps wait for verifier-service. */
public enum PlannedStep {
    DIAGNOSTICS(RunbookStep.DIAGNOSTICS, false),
    SELECT_BACKUP(RunbookStep.SELECT_BACKUP, false),
    STOP_WORKLOAD(RunbookStep.STOP_WORKLOAD, false),
    ARCHIVE_BROKEN(RunbookStep.ARCHIVE_BROKEN, false),
    RESTORE(RunbookStep.RESTORE, false),
    VALIDATE(RunbookStep.VALIDATE, true),
    SWAP(RunbookStep.SWAP, false),
    START_WORKLOAD(RunbookStep.START_WORKLOAD, false),
    SMOKE_TEST(RunbookStep.SMOKE_TEST, true);

    private final RunbookStep step;
    private final boolean waitsForVerification;

    PlannedStep(RunbookStep step, boolean waitsForVerification) {
        this.step = step;
        this.waitsForVerification = waitsForVerification;
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

    public boolean firstOfPhase() {
        return ordinal() == 0 || values()[ordinal() - 1].phase() != phase();
    }

    public boolean lastOfPhase() {
        return ordinal() == values().length - 1 || values()[ordinal() + 1].phase() != phase();
    }

    public static List<PlannedStep> inOrder() {
        return Arrays.asList(values());
    }
}
