package dev.rewind.platform.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles records of a poll at once — the whole poll's, or one partition's — all or nothing, each partition's in
 * their order: returning normally means every one is done; throwing means none is, and the loop hands them over
 * again in smaller parts, down to one by one through its {@link RecordHandler}, where a poison record is
 * dead-lettered and a failing one retried on its own.
 */
@FunctionalInterface
public interface BatchHandler {
    void handle(List<ConsumerRecord<String, byte[]>> records) throws Exception;
}
