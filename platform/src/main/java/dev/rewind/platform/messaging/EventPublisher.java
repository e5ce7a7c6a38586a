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
import dev.rewind.platform.security.EventSigning;

/** The service's one Kafka producer (signing what it must prove, {@link EventSigning}) and its CloudEvents source ({@code /rewind/<application name>}). */
@ApplicationScoped
public class EventPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final CloudEventCodec codec;
    private final EventSigning signing;

    public EventPublisher(KafkaClients clients, EventSigning signing,
                          @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.producer = clients.producer();
        this.signing = signing;
        this.codec = new CloudEventCodec("/rewind/" + applicationName);
    }

    public CloudEventCodec codec() {
        return codec;
    }

    /** Sends the records and waits until the broker has acknowledged all of them. */
    public void sendAll(List<ProducerRecord<String, byte[]>> records) throws ExecutionException, InterruptedException, TimeoutException {
        List<Future<RecordMetadata>> acks = records.stream().map(record -> producer.send(signing.signed(record))).toList();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Sends the records and waits for each acknowledgement; the failure of each record, or {@code null} where
     * it was acknowledged. One refused record does not keep the others from being sent.
     */
    public List<Throwable> sendEach(List<ProducerRecord<String, byte[]>> records) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new java.util.ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            try {
                acks.add(producer.send(signing.signed(record)));
            } catch (RuntimeException e) {
                acks.add(java.util.concurrent.CompletableFuture.failedFuture(e));
            }
        }
        List<Throwable> failures = new java.util.ArrayList<>(records.size());
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
                failures.add(null);
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            } catch (TimeoutException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    public void send(ProducerRecord<String, byte[]> record) throws ExecutionException, InterruptedException, TimeoutException {
        sendAll(List.of(record));
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
