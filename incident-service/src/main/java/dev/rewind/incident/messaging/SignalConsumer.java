package dev.rewind.incident.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Signal;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.incident.application.SignalIntake;
import dev.rewind.platform.messaging.EventPublisher;
import dev.rewind.platform.messaging.EventSubscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Consumes {@code rewind.signals}. A signal that breaks the contract or names a metric the policy does
 * not know goes to {@code rewind.signals.dlq} exactly as received, with the reason in {@code rewind-error};
 * the consumer moves on. A database outage is retried, not dead-lettered.
 */
@ApplicationScoped
public class SignalConsumer {
    public static final String GROUP = "incident-service-signals";
    private static final Logger LOG = Logger.getLogger(SignalConsumer.class);

    private final EventPublisher publisher;
    private final SignalIntake intake;
    private final MeterRegistry metrics;

    public SignalConsumer(EventPublisher publisher, SignalIntake intake, MeterRegistry metrics) {
        this.publisher = publisher;
        this.intake = intake;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup, EventSubscriptions subscriptions) {
        subscriptions.subscribe("signals", GROUP, List.of(Topics.SIGNALS), this::handle);
    }

    void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        Signal signal;
        try {
            signal = CloudEventCodec.decodeSignal(record.headers(), record.value());
            intake.check(signal);
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        intake.accept(signal);
        metrics.counter("rewind.signals.accepted").increment();
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) throws Exception {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.SIGNALS_DLQ, null, record.key(), record.value(),
                record.headers());
        dead.headers().remove(Topics.ERROR_HEADER);
        dead.headers().add(Topics.ERROR_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        publisher.send(dead);
        metrics.counter("rewind.signals.rejected").increment();
        LOG.warnf("signal %s-%d@%d dead-lettered: %s", record.topic(), record.partition(), record.offset(), reason);
    }
}
