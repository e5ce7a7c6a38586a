package dev.rewind.incident.messaging;


import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.DecodedEvent;
import dev.rewind.incident.application.IncidentStreams;
import dev.rewind.incident.persistence.EventStore;
import dev.rewind.platform.messaging.EventSubscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Appends every event of every incident-keyed Rewind topic to its incident's stream, once: an event id
 * already in the store (our own, appended when decided, or a redelivery) is skipped. An event on one
 * of our own topics that we did not append ourselves was published by someone else: it is refused
 * (logged, counted as rejected), never folded into an incident's state.
 */
@ApplicationScoped
public class EventStoreIngest {
    public static final String GROUP = ConsumerGroups.INCIDENT_EVENT_STORE;
    private static final Logger LOG = Logger.getLogger(EventStoreIngest.class);
    private static final Set<String> OWN_TOPICS = Set.of(Topics.INCIDENTS, Topics.AUTHORIZATIONS);

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
            if (OWN_TOPICS.contains(decoded.event().type().topic())) {
                metrics.counter("rewind.events.rejected", "topic", decoded.event().type().topic()).increment();
                LOG.errorf("%s %s for incident %s was not published by incident-service (source %s): refused",
                        decoded.event().type().shortName(), decoded.event().eventId(), decoded.event().incidentId(), decoded.source());
                return null;
            }
            streams.record(streams.load(decoded.event().incidentId()), decoded.event(), decoded.source());
            metrics.counter("rewind.events.stored", "type", decoded.event().type().shortName()).increment();
            return null;
        });
    }
}
