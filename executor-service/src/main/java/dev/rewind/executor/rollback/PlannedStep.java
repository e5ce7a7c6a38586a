package dev.rewind.executor.rollback;

import java.util.Arrays;
import java.util.List;

/** The runbook's rollback, step by step, in order. Verification steps wait for verifier-service. */
public enum PlannedStep {
    DIAGNOSTICS(1, "1.2", "Capture diagnostic information", false),
    SELECT_BACKUP(1, "1.3", "Identify and verify the backup to restore", false),
    STOP_WORKLOAD(2, "2.1", "Stop all workflow processes", false),
    ARCHIVE_BROKEN(2, "2.2", "Back up the current (broken) version", false),
    RESTORE(2, "2.3", "Restore the good version into staging", false),
    VALIDATE(2, "2.4", "Validate the staged version", true),
    SWAP(2, "2.4S", "Put the validated version in place", false),
    START_WORKLOAD(2, "2.6", "Start the restored workflow", false),
    SMOKE_TEST(3, "3.1", "Smoke tests", true);

    private final int phase;
    private final String id;
    private final String title;
    private final boolean waitsForVerification;

    PlannedStep(int phase, String id, String title, boolean waitsForVerification) {
        this.phase = phase;
        this.id = id;
        this.title = title;
        this.waitsForVerification = waitsForVerification;
    }

    public int phase() {
        return phase;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public boolean waitsForVerification() {
        return waitsForVerification;
    }

    public boolean firstOfPhase() {
        return ordinal() == 0 || values()[ordinal() - 1].phase != phase;
    }

    public boolean lastOfPhase() {
        return ordinal() == values().length - 1 || values()[ordinal() + 1].phase != phase;
    }

    public static String phaseName(int phase) {
        return switch (phase) {
            case 1 -> "Decision and preparation";
            case 2 -> "Execution";
            default -> "Verification";
        };
    }

    public static List<PlannedStep> inOrder() {
        return Arrays.asList(values());
    }
}
