package dev.rewind.incident.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.incident.domain.EventContext;

/** Random UUIDs and the system clock (millisecond precision, as the event store keeps it). */
@ApplicationScoped
public class SystemEventContext implements EventContext {
    private final Clock clock = Clock.systemUTC();

    @Override
    public UUID newId() {
        return UUID.randomUUID();
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
