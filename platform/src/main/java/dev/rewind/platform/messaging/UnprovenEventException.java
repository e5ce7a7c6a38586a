package dev.rewind.platform.messaging;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.codec.EventProof;

/** A record not proven to come from its topic's producer: poison, dead-lettered at once, never handled. */
public class UnprovenEventException extends InvalidEventException {
    public UnprovenEventException(String reason) {
        super(EventProof.SIGNATURE_HEADER, reason);
    }
}
