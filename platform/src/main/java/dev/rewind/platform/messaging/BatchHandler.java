package dev.rewind.platform.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles one partition's records of a poll at once, all or nothing: returning normally means every one is
 * done; throwing means none is, and the loop handles them again one by one through its {@link RecordHandler},
 * where a poison record is dead-lettered and a failing one retried on its own.
 */
@FunctionalInterface
public interface BatchHandler {
    void handle(List<ConsumerRecord<String, byte[]>> records) throws Exception;
}
