package dev.rewind.events.codec;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.rewind.events.Signal;

/** A decoded signal and, when it came as a CloudEvent, its {@code source} and {@code id} (else both null). */
public record ReceivedSignal(Signal signal, String source, String id) {

    /** The CloudEvent's identity ({@code source} + {@code id} are unique together) as a UUID, for a processed-event table. */
    public UUID deliveryId() {
        return id == null ? null : UUID.nameUUIDFromBytes((source + "\u0000" + id).getBytes(StandardCharsets.UTF_8));
    }
}
