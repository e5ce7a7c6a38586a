package dev.rewind.incident.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.DecodedEvent;
import dev.rewind.incident.application.IncidentStreams;
import dev.rewind.incident.persistence.EventStore;
import dev.rewind.platform.messaging.EventLoop;
import dev.rewind.platform.messaging.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Appends every event of every incident-keyed Rewind topic to its incident's stream, once: an event id
 * already in the store (our own, appended when decided, or a redelivery) is skipped.
 */
@ApplicationScoped
public class EventStoreIngest {
    public static final String GROUP = "incident-service-event-store";
    private static final Logger LOG = Logger.getLogger(EventStoreIngest.class);

    private final KafkaClients clients;
    private final IncidentStreams streams;
    private final EventStore store;
    private final MeterRegistry metrics;
    private final Duration pollTimeout;
    private EventLoop loop;

    public EventStoreIngest(KafkaClients clients, IncidentStreams streams, EventStore store, MeterRegistry metrics,
                            @ConfigProperty(name = "rewind.kafka.consumer.poll-timeout") Duration pollTimeout) {
        this.clients = clients;
        this.streams = streams;
        this.store = store;
        this.metrics = metrics;
        this.pollTimeout = pollTimeout;
    }

    void start(@Observes StartupEvent startup) {
        loop = new EventLoop("event-store", clients.consumer(GROUP), Topics.INCIDENT_KEYED, this::handle, pollTimeout).start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        if (loop != null) {
            loop.close();
        }
    }

    void handle(ConsumerRecord<String, byte[]> record) {
        DecodedEvent decoded;
        try {
            decoded = CloudEventCodec.decode(record.headers(), record.value());
        } catch (InvalidEventException e) {
            metrics.counter("rewind.events.rejected", "topic", record.topic()).increment();
            LOG.errorf("event %s-%d@%d breaks the contract and is not stored: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        streams.inTransactionRetrying(() -> {
            if (store.contains(decoded.event().eventId())) {
                return null;
            }
            streams.record(streams.load(decoded.event().incidentId()), decoded.event(), decoded.source());
            metrics.counter("rewind.events.stored", "type", decoded.event().type().shortName()).increment();
            return null;
        });
    }
}
