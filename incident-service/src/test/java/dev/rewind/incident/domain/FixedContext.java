package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A hand-set clock and numbered ids ({@link #id(int)}: the n-th id handed out) for deciders under test. */
final class FixedContext implements EventContext {
    private Instant now;
    private int ids;

    FixedContext(Instant now) {
        this.now = now;
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public UUID newId() {
        return id(++ids);
    }

    /** The n-th id a context hands out, counting from 1. */
    static UUID id(int n) {
        return UUID.fromString("00000000-0000-4000-8000-%012d".formatted(n));
    }

    @Override
    public Instant now() {
        return now;
    }
}
