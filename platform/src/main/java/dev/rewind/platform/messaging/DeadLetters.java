package dev.rewind.platform.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.rewind.events.Topics;

/**
 * Builds the dead letter of a record that failed for good: on {@code <topic>.dlq}, key, value and headers as
 * received, plus {@code rewind-error}, {@code rewind-service}, {@code rewind-attempts} and
 * {@code rewind-origin} (topic-partition@offset). Headers of those names that the sender set are replaced,
 * so nobody can pre-write the reason.
 */
public final class DeadLetters {
    /** Longest reason kept in {@code rewind-error}. */
    static final int MAX_REASON = 1000;

    private DeadLetters() {
    }

    public static ProducerRecord<String, byte[]> of(ConsumerRecord<String, byte[]> record, String reason, String service, int attempts) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!Topics.DEAD_LETTER_HEADERS.contains(header.key())) {
                headers.add(header);
            }
        }
        headers.add(Topics.ERROR_HEADER, utf8(clip(reason)));
        headers.add(Topics.SERVICE_HEADER, utf8(service));
        headers.add(Topics.ATTEMPTS_HEADER, utf8(Integer.toString(attempts)));
        headers.add(Topics.ORIGIN_HEADER, utf8(origin(record)));
        return new ProducerRecord<>(Topics.deadLetterTopic(record.topic()), null, record.key(), record.value(), headers);
    }

    /** Where a record was read: {@code topic-partition@offset}. */
    public static String origin(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** What a dead letter says of a failure: the message of its innermost informative cause. */
    public static String reason(Throwable failure) {
        String message = failure.getMessage();
        Throwable cause = failure.getCause();
        while ((message == null || message.isBlank()) && cause != null) {
            message = cause.getMessage();
            cause = cause.getCause();
        }
        return message == null ? failure.getClass().getName() : message;
    }

    private static String clip(String reason) {
        String oneLine = reason.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "…";
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
