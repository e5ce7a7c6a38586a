package dev.rewind.events;

/** Outcome of one verification check; INCONCLUSIVE never counts as passed. */
public enum CheckStatus {
    PASSED, FAILED, INCONCLUSIVE
}
