package dev.rewind.events;

/** Outcome of a whole verification stage. */
public enum Verdict {
    PASSED, FAILED
}
