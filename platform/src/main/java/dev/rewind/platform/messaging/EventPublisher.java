package dev.rewind.platform.messaging;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.rewind.events.codec.CloudEventCodec;

/** The service's one Kafka producer and its CloudEvents source ({@code /rewind/<application name>}). */
@ApplicationScoped
public class EventPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final CloudEventCodec codec;

    public EventPublisher(KafkaClients clients, @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.producer = clients.producer();
        this.codec = new CloudEventCodec("/rewind/" + applicationName);
    }

    public CloudEventCodec codec() {
        return codec;
    }

    /** Sends the records and waits until the broker has acknowledged all of them. */
    public void sendAll(List<ProducerRecord<String, byte[]>> records) throws ExecutionException, InterruptedException, TimeoutException {
        List<Future<RecordMetadata>> acks = records.stream().map(producer::send).toList();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    public void send(ProducerRecord<String, byte[]> record) throws ExecutionException, InterruptedException, TimeoutException {
        sendAll(List.of(record));
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
