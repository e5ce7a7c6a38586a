package dev.rewind.incident.application;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.rewind.events.Topics;
import dev.rewind.events.codec.DecodedEvent;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.persistence.EventStore;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Appends other services' events to their incidents' streams, once: an event id already in the store (our own,
 * appended when decided, or a redelivery) is skipped. An event on one of our own topics that we did not append
 * ourselves was published by someone else: it is refused (logged, counted as rejected), never folded into an
 * incident's state.
 */
@ApplicationScoped
public class EventIngest {
    private static final Logger LOG = Logger.getLogger(EventIngest.class);
    private static final Set<String> OWN_TOPICS = Set.of(Topics.INCIDENTS, Topics.AUTHORIZATIONS);

    private final IncidentStreams streams;
    private final EventStore store;
    private final MeterRegistry metrics;

    public EventIngest(IncidentStreams streams, EventStore store, MeterRegistry metrics) {
        this.streams = streams;
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * A poll's events (or one partition's) in one transaction: the ids already stored found with one query, the streams'
     * versions with another (a stream is folded only when its state is not remembered from an earlier batch), all new
     * events appended in one JDBC batch, each stream's in the order they were read.
     */
    public void storeAll(List<DecodedEvent> batch) {
        Map<UUID, Incident> committed = streams.inTransactionRetrying(() -> {
            Set<UUID> seen = store.containing(batch.stream().map(d -> d.event().eventId()).toList());
            Map<UUID, List<DecodedEvent>> byIncident = new LinkedHashMap<>();
            for (DecodedEvent decoded : batch) {
                if (!seen.add(decoded.event().eventId())) {
                    continue; // stored already, or twice in this batch
                }
                if (OWN_TOPICS.contains(decoded.event().type().topic())) {
                    metrics.counter("rewind.events.rejected", "topic", decoded.event().type().topic()).increment();
                    LOG.errorf("%s %s for incident %s was not published by incident-service (source %s): refused",
                            decoded.event().type().shortName(), decoded.event().eventId(), decoded.event().incidentId(), decoded.source());
                    continue;
                }
                byIncident.computeIfAbsent(decoded.event().incidentId(), id -> new ArrayList<>()).add(decoded);
            }
            Map<UUID, Incident> next = streams.recordAll(byIncident);
            byIncident.values().forEach(events -> events.forEach(decoded ->
                    metrics.counter("rewind.events.stored", "type", decoded.event().type().shortName()).increment()));
            return next;
        });
        streams.remember(committed);
    }
}
