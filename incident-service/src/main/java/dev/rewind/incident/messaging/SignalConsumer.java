package dev.rewind.incident.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Topics;
import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.ReceivedSignal;
import dev.rewind.incident.application.SignalIntake;
import dev.rewind.platform.messaging.EventSubscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Consumes {@code rewind.signals}. A signal that breaks the contract or that the policy does not take goes
 * to {@code rewind.signals.dlq} exactly as received, with the reason in {@code rewind-error} (the loop's
 * failure policy); the consumer moves on. A database outage is retried, not dead-lettered. A poll's signals are
 * decided in one transaction ({@link SignalIntake#acceptAll}); a poll holding a bad one is taken one by one.
 */
@ApplicationScoped
public class SignalConsumer {
    public static final String GROUP = ConsumerGroups.INCIDENT_SIGNALS;

    private final SignalIntake intake;
    private final MeterRegistry metrics;

    public SignalConsumer(SignalIntake intake, MeterRegistry metrics) {
        this.intake = intake;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup, EventSubscriptions subscriptions) {
        subscriptions.subscribeBatches("signals", GROUP, List.of(Topics.SIGNALS), this::handle, this::handleAll);
    }

    /** A poll's signals (or one partition's), decided together; one that breaks the contract sends them apart. */
    void handleAll(List<ConsumerRecord<String, byte[]>> records) {
        List<ReceivedSignal> signals = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            signals.add(CloudEventCodec.receiveSignal(record.headers(), record.value()));
        }
        intake.acceptAll(signals);
        metrics.counter("rewind.signals.accepted").increment(signals.size());
    }

    void handle(ConsumerRecord<String, byte[]> record) {
        try {
            // on the batch path too, so that the windows in memory take it rather than having to be loaded again
            intake.acceptAll(List.of(CloudEventCodec.receiveSignal(record.headers(), record.value())));
        } catch (InvalidEventException e) {
            metrics.counter("rewind.signals.rejected").increment();
            throw e;
        }
        metrics.counter("rewind.signals.accepted").increment();
    }
}
