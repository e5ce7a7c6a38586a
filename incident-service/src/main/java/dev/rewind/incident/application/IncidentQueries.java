package dev.rewind.incident.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.RewindEvent;
import dev.rewind.incident.domain.RedeploymentGate;
import dev.rewind.incident.domain.Status;
import dev.rewind.incident.persistence.EventStore;
import dev.rewind.incident.persistence.IncidentRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** What the API reads beside an incident's state: the incidents' list, an incident's raw stream, the redeployment gate. */
@ApplicationScoped
public class IncidentQueries {
    private final EventStore store;
    private final IncidentStreams streams;

    public IncidentQueries(EventStore store, IncidentStreams streams) {
        this.store = store;
        this.streams = streams;
    }

    /** An incident as the list shows it, from the read model. */
    public record Listed(UUID id, String deployment, String version, Status status, int tier, Instant openedAt,
                         boolean acknowledged, String restoredVersion, boolean redeploymentOver, int attempts, int streamVersion) {
    }

    /** A stored event with its global position and the source that published it. */
    public record Positioned(long position, String source, RewindEvent event) {
    }

    /** The newest incidents first, all or those in one status; at most {@code limit} ({@code null}: all). */
    public List<Listed> list(Status status, Integer limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = status == null
                    ? IncidentRecord.<IncidentRecord>find("order by openedAt desc, id")
                    : IncidentRecord.<IncidentRecord>find("status = ?1 order by openedAt desc, id", status);
            List<IncidentRecord> records = limit == null ? query.list() : query.page(0, limit).list();
            return records.stream().map(r -> new Listed(r.id, r.deployment, r.version, r.status, r.tier, r.openedAt,
                    r.acknowledged, r.restoredVersion, r.redeploymentOver, r.attempts, r.streamVersion)).toList();
        });
    }

    /** Whether a pipeline may deploy the version, from the incidents of the deployment that rolled back or roll back now. */
    public RedeploymentGate.Verdict gate(String deployment, String version) {
        return QuarkusTransaction.requiringNew().call(() -> RedeploymentGate.check(deployment, version,
                List.copyOf(streams.loadAll(IncidentRecord.gating(deployment)).values())));
    }

    /** Up to {@code limit} events of the incident's stream after a global position. */
    public List<Positioned> eventsAfter(UUID incidentId, long afterPosition, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> store.loadAfter(incidentId, afterPosition, limit).stream()
                .map(stored -> new Positioned(stored.position(), stored.source(), stored.event())).toList());
    }
}
