package dev.rewind.incident.domain;

import java.time.Instant;
import java.util.UUID;

/** What a decider needs from the world to mint events: fresh ids and the time. */
public interface EventContext {
    UUID newId();

    Instant now();
}
