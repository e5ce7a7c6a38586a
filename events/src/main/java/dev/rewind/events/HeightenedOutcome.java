package dev.rewind.events;

/** How a hotfix version's heightened monitoring ended ({@code heightened-monitoring.ended}). */
public enum HeightenedOutcome {
    /** No incident of the deployment opened during the period. */
    PASSED,
    /** At least one incident of the deployment opened during the period. */
    BREACHED
}
