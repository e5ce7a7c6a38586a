package dev.rewind.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles one record. Returning normally means done (the offset may be committed). Throwing means
 * "try again later": the loop seeks back to this record and retries with backoff, so a handler must
 * turn a bad record into a dead letter or a skip itself instead of throwing forever.
 */
@FunctionalInterface
public interface RecordHandler {
    void handle(ConsumerRecord<String, byte[]> record) throws Exception;
}
