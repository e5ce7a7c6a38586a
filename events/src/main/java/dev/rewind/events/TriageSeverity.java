package dev.rewind.events;

/** Severity of the decision tree (runbook: Rollback Decision Tree). */
public enum TriageSeverity {
    BLOCKING, SEVERE, MODERATE, MINOR, NONE;

    /** Whether this severity asks for a quicker answer than {@code other} (BLOCKING is the most urgent). */
    public boolean isMoreUrgentThan(TriageSeverity other) {
        return ordinal() < other.ordinal();
    }
}
