package dev.rewind.incident.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.RewindEvent;
import dev.rewind.incident.domain.Status;
import dev.rewind.incident.persistence.EventStore;
import dev.rewind.incident.persistence.IncidentRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** What the API reads beside an incident's state: the incidents' list and an incident's raw stream. */
@ApplicationScoped
public class IncidentQueries {
    private final EventStore store;

    public IncidentQueries(EventStore store) {
        this.store = store;
    }

    /** An incident as the list shows it, from the read model. */
    public record Listed(UUID id, String deployment, String version, Status status, int tier, Instant openedAt,
                         boolean acknowledged, int streamVersion) {
    }

    /** A stored event with its global position and the source that published it. */
    public record Positioned(long position, String source, RewindEvent event) {
    }

    /** Every incident, newest first, or those in one status. */
    public List<Listed> list(Status status) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<IncidentRecord> records = status == null
                    ? IncidentRecord.list("order by openedAt desc")
                    : IncidentRecord.list("status = ?1 order by openedAt desc", status);
            return records.stream().map(r -> new Listed(r.id, r.deployment, r.version, r.status, r.tier, r.openedAt,
                    r.acknowledged, r.streamVersion)).toList();
        });
    }

    /** Up to {@code limit} events of the incident's stream after a global position. */
    public List<Positioned> eventsAfter(UUID incidentId, long afterPosition, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> store.loadAfter(incidentId, afterPosition, limit).stream()
                .map(stored -> new Positioned(stored.position(), stored.source(), stored.event())).toList());
    }
}
