package dev.rewind.incident.domain;

import java.util.List;

import dev.rewind.events.RewindEvent;

/**
 * What a decider returns: the new events (to append, even when the command is rejected, e.g. a refused
 * authorization attempt is recorded) and, if rejected, why.
 */
public record Decision(List<RewindEvent> events, Rejection rejection) {

    public enum Kind { FORBIDDEN, INVALID, CONFLICT }

    public record Rejection(Kind kind, String field, String message) {
    }

    public static Decision accept(List<RewindEvent> events) {
        return new Decision(List.copyOf(events), null);
    }

    public static Decision reject(Kind kind, String field, String message, List<RewindEvent> events) {
        return new Decision(List.copyOf(events), new Rejection(kind, field, message));
    }

    public boolean accepted() {
        return rejection == null;
    }
}
