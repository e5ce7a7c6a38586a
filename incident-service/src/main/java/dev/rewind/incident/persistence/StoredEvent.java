package dev.rewind.incident.persistence;

import java.time.Instant;

import dev.rewind.events.RewindEvent;

/** An event as the store keeps it: with its global position, stream version and envelope source. */
public record StoredEvent(long position, int streamVersion, RewindEvent event, String source, Instant recordedAt) {
}
