package dev.rewind.incident.application;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.rewind.events.RewindEvent;
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

    private final EventStore store;
    private final Outbox outbox;
    private final SystemEventContext context;

    public IncidentStreams(EventStore store, Outbox outbox, SystemEventContext context) {
        this.store = store;
        this.outbox = outbox;
        this.context = context;
    }

    public Incident load(UUID incidentId) {
        return Incident.replay(store.load(incidentId).stream().map(StoredEvent::event).toList());
    }

    /** Appends events this service decided: they are published through the outbox. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident commit(Incident state, List<RewindEvent> events) {
        return append(state, events, SOURCE, true);
    }

    /** Appends events other services published (already on Kafka). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident record(Incident state, RewindEvent event, String source) {
        return append(state, List.of(event), source, false);
    }

    private Incident append(Incident state, List<RewindEvent> events, String source, boolean publish) {
        if (events.isEmpty()) {
            return state;
        }
        UUID streamId = events.get(0).incidentId();
        store.append(streamId, state.streamVersion(), events, source);
        Incident next = state;
        for (RewindEvent event : events) {
            next = next.apply(event);
            if (publish) {
                outbox.enqueue(event);
            }
        }
        if (next.exists()) {
            IncidentRecord.project(next, context.now());
        }
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
