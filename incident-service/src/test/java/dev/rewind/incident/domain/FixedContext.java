package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A hand-set clock and random ids for deciders under test. */
final class FixedContext implements EventContext {
    private Instant now;

    FixedContext(Instant now) {
        this.now = now;
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public UUID newId() {
        return UUID.randomUUID();
    }

    @Override
    public Instant now() {
        return now;
    }
}
