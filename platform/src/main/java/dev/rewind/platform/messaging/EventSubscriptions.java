package dev.rewind.platform.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.DecodedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import dev.rewind.platform.security.EventSigning;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The service's consumer loops, started by whoever subscribes and all closed at shutdown. Every loop
 * follows one failure policy ({@link EventLoop}, {@link Failures}): a record that breaks the event contract,
 * or that fails for good, goes to its topic's dead-letter topic with the reason, is counted
 * ({@code rewind.consumer.dead.letters}) and the loop goes on; a loop whose consumer fails is restarted and
 * shows DOWN in readiness meanwhile ({@link dev.rewind.platform.health.ConsumerLoopsReadinessCheck}).
 */
@ApplicationScoped
public class EventSubscriptions {
    private static final Logger LOG = Logger.getLogger(EventSubscriptions.class);
    /** A batch loop's records per poll: a batch is one transaction, so larger batches cost fewer commits. */
    private static final int BATCH_POLL_RECORDS = 1000;

    /** Handles one decoded event; throwing means "retry later" (see {@link RecordHandler}). */
    @FunctionalInterface
    public interface EventHandler {
        void handle(DecodedEvent event) throws Exception;
    }

    /** Handles decoded events of one poll together, all or nothing (see {@link BatchHandler}). */
    @FunctionalInterface
    public interface EventBatchHandler {
        void handle(List<DecodedEvent> events) throws Exception;
    }

    private final KafkaClients clients;
    private final EventPublisher publisher;
    private final MeterRegistry metrics;
    private final String service;
    private final EventLoop.Settings settings;
    private final List<EventLoop> loops = new CopyOnWriteArrayList<>();
    private final EventSigning signing;
    private final Event<UnprovenRecord> unproven;

    public EventSubscriptions(KafkaClients clients, EventPublisher publisher, MeterRegistry metrics,
                              EventSigning signing, Event<UnprovenRecord> unproven,
                              @ConfigProperty(name = "quarkus.application.name") String service,
                              @ConfigProperty(name = "rewind.kafka.consumer.poll-timeout") Duration pollTimeout,
                              @ConfigProperty(name = "rewind.kafka.consumer.max-attempts", defaultValue = "5") int maxAttempts,
                              @ConfigProperty(name = "rewind.kafka.consumer.max-backoff", defaultValue = "PT5S") Duration maxBackoff) {
        this.clients = clients;
        this.publisher = publisher;
        this.metrics = metrics;
        this.service = service;
        this.signing = signing;
        this.unproven = unproven;
        EventLoop.Settings defaults = EventLoop.Settings.defaults(pollTimeout);
        this.settings = new EventLoop.Settings(pollTimeout, maxAttempts, defaults.initialBackoff(), maxBackoff,
                defaults.maxRestartBackoff());
    }

    /** Raw records, for a handler that decodes itself (throwing {@link dev.rewind.events.InvalidEventException} for poison). */
    public void subscribe(String name, String group, Collection<String> topics, RecordHandler handler) {
        topics.forEach(signing::requireTrustFor);
        loops.add(new EventLoop(name, service, () -> clients.consumer(group), topics, proven(name, handler), publisher::send,
                new Counters(name), settings).start());
    }

    /**
     * The handler behind the proof check: a record of a topic another service must sign that does not carry a
     * valid signature never reaches it. It is logged, counted ({@code rewind.events.unproven}), announced
     * ({@link UnprovenRecord}) and dead-lettered with the reason.
     */
    private RecordHandler proven(String loop, RecordHandler handler) {
        return record -> {
            java.util.Optional<String> refusal = signing.refusal(record);
            if (refusal.isEmpty()) {
                handler.handle(record);
                return;
            }
            String origin = DeadLetters.origin(record);
            LOG.errorf("%s: refused %s (key %s): %s", loop, origin, record.key(), refusal.get());
            metrics.counter("rewind.events.unproven", "loop", loop, "topic", record.topic()).increment();
            unproven.fire(claims(record, origin, refusal.get()));
            throw new UnprovenEventException(refusal.get());
        };
    }

    private static UnprovenRecord claims(ConsumerRecord<String, byte[]> record, String origin, String reason) {
        UUID incident = null;
        try {
            incident = record.key() == null ? null : UUID.fromString(record.key());
        } catch (IllegalArgumentException notAnIncident) {
            // a key that is no incident id: the refusal is logged and dead-lettered, not shown on an incident
        }
        String type = null;
        UUID eventId = null;
        try {
            DecodedEvent decoded = CloudEventCodec.decode(record.headers(), record.value());
            type = decoded.event().type().shortName();
            eventId = decoded.event().eventId();
        } catch (RuntimeException unreadable) {
            // what it claims to be is unknown; the reason still says why it was refused
        }
        return new UnprovenRecord(record.topic(), origin, incident, type, eventId, reason);
    }

    /**
     * Raw records, a poll's records handed to {@code batch} together (see {@link BatchHandler}); a batch holding an unproven
     * record, or that fails, goes through {@code single} one record at a time instead, where each bad record is
     * refused and dead-lettered as {@link #subscribe} does.
     */
    public void subscribeBatches(String name, String group, Collection<String> topics, RecordHandler single, BatchHandler batch) {
        topics.forEach(signing::requireTrustFor);
        BatchHandler together = records -> {
            for (ConsumerRecord<String, byte[]> record : records) {
                java.util.Optional<String> refusal = signing.refusal(record);
                if (refusal.isPresent()) {
                    throw new UnprovenEventException(refusal.get());
                }
            }
            batch.handle(records);
        };
        loops.add(new EventLoop(name, service, () -> clients.consumer(group, BATCH_POLL_RECORDS), topics, proven(name, single),
                together, publisher::send, new Counters(name), settings).start());
    }

    /** Decoded Rewind events in batches, as {@link #subscribeBatches} hands them over. */
    public void onEventBatches(String name, String group, Collection<String> topics, EventHandler single, EventBatchHandler batch) {
        subscribeBatches(name, group, topics, decoding(single),
                records -> {
                    List<DecodedEvent> events = new java.util.ArrayList<>(records.size());
                    for (ConsumerRecord<String, byte[]> record : records) {
                        events.add(CloudEventCodec.decode(record.headers(), record.value()));
                    }
                    batch.handle(events);
                });
    }

    /** Decoded Rewind events; a record that breaks the contract is dead-lettered. */
    public void onEvents(String name, String group, Collection<String> topics, EventHandler handler) {
        subscribe(name, group, topics, decoding(handler));
    }

    /** The record decoded as a Rewind event (one that breaks the contract throws, and is dead-lettered) for the handler. */
    private static RecordHandler decoding(EventHandler handler) {
        return record -> handler.handle(CloudEventCodec.decode(record.headers(), record.value()));
    }

    /** Only events of one type. */
    public <T extends RewindEvent> void on(String name, String group, Collection<String> topics, Class<T> type,
                                           java.util.function.Consumer<T> handler) {
        onEvents(name, group, topics, decoded -> {
            if (type.isInstance(decoded.event())) {
                handler.accept(type.cast(decoded.event()));
            }
        });
    }

    /** The loops, for readiness. */
    public List<EventLoop> loops() {
        return List.copyOf(loops);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        for (EventLoop loop : loops) {
            loop.close();
        }
    }

    private final class Counters implements EventLoop.Listener {
        private final String loop;

        Counters(String loop) {
            this.loop = loop;
        }

        @Override
        public void deadLettered(String topic, String reason) {
            metrics.counter("rewind.consumer.dead.letters", "loop", loop, "topic", topic).increment();
        }

        @Override
        public void retried(String topic, Failures.Kind kind) {
            metrics.counter("rewind.consumer.retries", "loop", loop, "topic", topic, "kind", kind.name().toLowerCase()).increment();
        }

        @Override
        public void restarted(String reason) {
            metrics.counter("rewind.consumer.restarts", "loop", loop).increment();
        }
    }
}
