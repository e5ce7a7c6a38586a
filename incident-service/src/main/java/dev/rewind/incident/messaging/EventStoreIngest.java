package dev.rewind.incident.messaging;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;


import dev.rewind.events.Topics;
import dev.rewind.events.codec.DecodedEvent;
import dev.rewind.incident.application.IncidentStreams;
import dev.rewind.incident.persistence.EventStore;
import dev.rewind.platform.messaging.EventSubscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Appends every event of every incident-keyed Rewind topic to its incident's stream, once: an event id
 * already in the store (our own, appended when decided, or a redelivery) is skipped.
 */
@ApplicationScoped
public class EventStoreIngest {
    public static final String GROUP = "incident-service-event-store";

    private final IncidentStreams streams;
    private final EventStore store;
    private final MeterRegistry metrics;

    public EventStoreIngest(IncidentStreams streams, EventStore store, MeterRegistry metrics) {
        this.streams = streams;
        this.store = store;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup, EventSubscriptions subscriptions) {
        subscriptions.onEvents("event-store", GROUP, Topics.INCIDENT_KEYED, this::store);
    }

    void store(DecodedEvent decoded) {
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
