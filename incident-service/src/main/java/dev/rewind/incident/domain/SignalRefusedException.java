package dev.rewind.incident.domain;

import dev.rewind.events.InvalidEventException;

/** A well-formed signal that the policy does not take (REST answers 422; Kafka dead-letters it). */
public class SignalRefusedException extends InvalidEventException {
    public SignalRefusedException(String field, String problem) {
        super(field, problem);
    }
}
