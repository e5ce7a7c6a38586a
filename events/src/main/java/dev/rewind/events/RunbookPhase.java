package dev.rewind.events;

import java.util.Arrays;

/** The phases of the runbook's Detailed Rollback Procedure, numbered as events carry them ({@code phase}). */
public enum RunbookPhase {
    PREPARATION(1, "Decision and preparation"),
    EXECUTION(2, "Execution"),
    VERIFICATION(3, "Verification"),
    ROOT_CAUSE_ANALYSIS(4, "Root cause analysis");

    private final int number;
    private final String title;

    RunbookPhase(int number, String title) {
        this.number = number;
        this.title = title;
    }

    public int number() {
        return number;
    }

    public String title() {
        return title;
    }

    /** The phase numbered so; refuses a number the runbook has no phase for. */
    public static RunbookPhase of(int number) {
        return Arrays.stream(values()).filter(p -> p.number == number).findFirst()
                .orElseThrow(() -> new InvalidEventException("phase", "is not a phase of the runbook (1 to 4): " + number));
    }
}
