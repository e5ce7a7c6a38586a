package dev.rewind.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Every event of an incident's stream. The CloudEvents envelope is not part of these records:
 * {@link dev.rewind.events.codec.CloudEventCodec} maps {@code eventId} to {@code id},
 * {@code incidentId} to {@code subject} and {@code occurredAt} to {@code time}.
 */
public sealed interface RewindEvent
        permits IncidentEvent, AuthorizationEvent, PhaseEvent, VerificationEvent, NotificationEvent {

    UUID eventId();

    UUID incidentId();

    Instant occurredAt();

    default EventType type() {
        return EventType.of(getClass());
    }
}
