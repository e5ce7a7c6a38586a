package dev.rewind.events;

import java.util.List;

/** Kafka topic names of the outside contract (ARCHITECTURE.md). */
public final class Topics {
    public static final String SIGNALS = "rewind.signals";
    public static final String SIGNALS_DLQ = "rewind.signals.dlq";
    public static final String INCIDENTS = "rewind.incidents";
    public static final String AUTHORIZATIONS = "rewind.authorizations";
    public static final String PHASES = "rewind.phases";
    public static final String VERIFICATIONS = "rewind.verifications";
    public static final String NOTIFICATIONS = "rewind.notifications";

    /** Topics whose records are keyed by incident id and carry {@link RewindEvent}s. */
    public static final List<String> INCIDENT_KEYED = List.of(INCIDENTS, AUTHORIZATIONS, PHASES, VERIFICATIONS, NOTIFICATIONS);

    /** Every topic of the contract. */
    public static final List<String> ALL = List.of(SIGNALS, SIGNALS_DLQ, INCIDENTS, AUTHORIZATIONS, PHASES, VERIFICATIONS, NOTIFICATIONS);

    /** Record header naming why a signal was dead-lettered. */
    public static final String ERROR_HEADER = "rewind-error";

    private Topics() {
    }
}
