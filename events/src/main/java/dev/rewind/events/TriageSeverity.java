package dev.rewind.events;

/** Severity of the decision tree (runbook: Rollback Decision Tree). */
public enum TriageSeverity {
    BLOCKING, SEVERE, MODERATE, MINOR, NONE
}
