package dev.rewind.events;

import java.util.List;

/** Kafka topic names of the outside contract (ARCHITECTURE.md). */
public final class Topics {
    public static final String SIGNALS = "rewind.signals";
    public static final String SIGNALS_DLQ = "rewind.signals.dlq";
    /** Suffix of every consumed topic's dead-letter topic: {@code rewind.phases} has {@code rewind.phases.dlq}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";
    public static final String INCIDENTS = "rewind.incidents";
    public static final String AUTHORIZATIONS = "rewind.authorizations";
    public static final String PHASES = "rewind.phases";
    public static final String VERIFICATIONS = "rewind.verifications";
    public static final String NOTIFICATIONS = "rewind.notifications";

    /** Topics whose records are keyed by incident id and carry {@link RewindEvent}s. */
    public static final List<String> INCIDENT_KEYED = List.of(INCIDENTS, AUTHORIZATIONS, PHASES, VERIFICATIONS, NOTIFICATIONS);

    /** Every topic of the contract. */
    public static final List<String> ALL = List.of(SIGNALS, INCIDENTS, AUTHORIZATIONS, PHASES, VERIFICATIONS, NOTIFICATIONS,
            SIGNALS_DLQ, INCIDENTS + DEAD_LETTER_SUFFIX, AUTHORIZATIONS + DEAD_LETTER_SUFFIX, PHASES + DEAD_LETTER_SUFFIX,
            VERIFICATIONS + DEAD_LETTER_SUFFIX, NOTIFICATIONS + DEAD_LETTER_SUFFIX);

    /** Dead-letter record header: why the record failed for good. */
    public static final String ERROR_HEADER = "rewind-error";
    /** Dead-letter record header: the service whose consumer gave up. */
    public static final String SERVICE_HEADER = "rewind-service";
    /** Dead-letter record header: how many times it was tried. */
    public static final String ATTEMPTS_HEADER = "rewind-attempts";
    /** Dead-letter record header: where it was read, {@code topic-partition@offset}. */
    public static final String ORIGIN_HEADER = "rewind-origin";
    public static final List<String> DEAD_LETTER_HEADERS = List.of(ERROR_HEADER, SERVICE_HEADER, ATTEMPTS_HEADER, ORIGIN_HEADER);

    /** Every consumed topic's dead-letter topic. */
    public static final List<String> DEAD_LETTERS = List.of(SIGNALS_DLQ, INCIDENTS + DEAD_LETTER_SUFFIX,
            AUTHORIZATIONS + DEAD_LETTER_SUFFIX, PHASES + DEAD_LETTER_SUFFIX, VERIFICATIONS + DEAD_LETTER_SUFFIX,
            NOTIFICATIONS + DEAD_LETTER_SUFFIX);

    public static String deadLetterTopic(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    private Topics() {
    }
}
