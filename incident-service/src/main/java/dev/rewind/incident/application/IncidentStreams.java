package dev.rewind.incident.application;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.DecodedEvent;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.persistence.ConcurrentAppendException;
import dev.rewind.incident.persistence.EventStore;
import dev.rewind.incident.persistence.IncidentRecord;
import dev.rewind.incident.persistence.StoredEvent;
import dev.rewind.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Load, decide, append, project, publish: the one way anything is written to an incident's stream.
 * The append, the read model and the outbox rows commit together; a concurrent append makes the whole
 * unit run again on the new state.
 */
@ApplicationScoped
public class IncidentStreams {
    public static final String SOURCE = "/rewind/incident-service";
    private static final Logger LOG = Logger.getLogger(IncidentStreams.class);
    private static final int ATTEMPTS = 5;
    private static final int REMEMBERED_STREAMS = 10_000;

    private final EventStore store;
    private final Outbox outbox;
    private final SystemEventContext context;
    private final Map<UUID, Incident> recent = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Incident> eldest) {
            return size() > REMEMBERED_STREAMS;
        }
    });

    public IncidentStreams(EventStore store, Outbox outbox, SystemEventContext context) {
        this.store = store;
        this.outbox = outbox;
        this.context = context;
    }

    public Incident load(UUID incidentId) {
        return Incident.replay(store.load(incidentId).stream().map(StoredEvent::event).toList());
    }

    /**
     * The current states of several streams in one query for their versions: a state {@link #remember remembered}
     * after its commit serves while its stream has not moved since; any other is folded from the store.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Incident> loadAll(Collection<UUID> streamIds) {
        Map<UUID, Integer> versions = store.versions(streamIds);
        Map<UUID, Incident> states = new HashMap<>();
        for (UUID streamId : streamIds) {
            int version = versions.getOrDefault(streamId, 0);
            Incident known = recent.get(streamId);
            states.put(streamId, known != null && known.streamVersion() == version ? known
                    : version == 0 ? Incident.replay(List.of()) : load(streamId));
        }
        return states;
    }

    /** States just committed, for {@link #loadAll} to start from; the least recently used are forgotten. */
    public void remember(Map<UUID, Incident> committed) {
        committed.forEach(recent::put);
    }

    /** Appends events this service decided: they are published through the outbox. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident commit(Incident state, List<RewindEvent> events) {
        if (events.isEmpty()) {
            return state;
        }
        UUID streamId = events.get(0).incidentId();
        store.append(streamId, state.streamVersion(), events, SOURCE);
        Incident next = state;
        for (RewindEvent event : events) {
            next = next.apply(event);
            outbox.enqueue(event);
        }
        if (next.exists()) {
            IncidentRecord.project(next, context.now());
        }
        return next;
    }

    /**
     * Appends events other services published to their streams, each with its own source, all in one batch, and
     * projects each incident once; returns the streams' states after them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Incident> recordAll(Map<UUID, List<DecodedEvent>> byStream) {
        Map<UUID, Incident> states = loadAll(byStream.keySet());
        List<EventStore.Row> rows = new java.util.ArrayList<>();
        Map<UUID, Incident> next = new LinkedHashMap<>();
        byStream.forEach((streamId, events) -> {
            Incident state = states.get(streamId);
            for (DecodedEvent decoded : events) {
                rows.add(new EventStore.Row(streamId, state.streamVersion() + 1, decoded.event(), decoded.source()));
                state = state.apply(decoded.event());
            }
            next.put(streamId, state);
        });
        store.insert(rows);
        Instant now = context.now();
        next.values().stream().filter(Incident::exists).forEach(state -> IncidentRecord.project(state, now));
        return next;
    }

    /** Runs a unit of work in its own transaction, again on a concurrent append. */
    public <T> T inTransactionRetrying(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (ConcurrentAppendException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("concurrent append (%s); attempt %d of %d", e.getMessage(), attempt + 1, ATTEMPTS);
            } catch (RuntimeException e) {
                if (e.getCause() instanceof ConcurrentAppendException && attempt < ATTEMPTS) {
                    continue;
                }
                throw e;
            }
        }
    }
}
