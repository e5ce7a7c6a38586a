package dev.rewind.events.codec;

import dev.rewind.events.RewindEvent;

/** A decoded event with the envelope attribute the domain record does not carry. */
public record DecodedEvent(RewindEvent event, String source) {
}
