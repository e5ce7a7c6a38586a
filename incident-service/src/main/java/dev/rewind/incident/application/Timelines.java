package dev.rewind.incident.application;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.rewind.incident.persistence.EventStore;
import dev.rewind.incident.persistence.StoredEvent;
import dev.rewind.incident.timeline.Timeline;
import dev.rewind.incident.timeline.TimelineFold;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;

/**
 * Incidents' timelines as of now, each kept folded in memory and brought up to date with only the events recorded
 * since it was last read: a timeline of 100,000 events is not read and folded again on every call. It is the
 * same timeline a fold of the whole stream gives ({@link TimelineFold} is one fold, fed in stream order). The least
 * recently read are forgotten beyond {@code rewind.timeline.kept-incidents}.
 */
@ApplicationScoped
@Startup // a bad setting stops the start
public class Timelines {
    private static final class Folded {
        final TimelineFold fold;
        int version;

        Folded(UUID incidentId) {
            this.fold = TimelineFold.of(incidentId);
        }
    }

    private final EventStore store;
    private final Map<UUID, Folded> kept;

    public Timelines(EventStore store, @ConfigProperty(name = "rewind.timeline.kept-incidents", defaultValue = "256") int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("rewind.timeline.kept-incidents must be at least 1, not " + keep);
        }
        this.store = store;
        this.kept = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Folded> eldest) {
                return size() > keep;
            }
        });
    }

    /** The timeline as it was at {@code asOf}: the whole stream read and folded up to then. */
    public Timeline asOf(UUID incidentId, java.time.Instant asOf) {
        List<StoredEvent> events = QuarkusTransaction.requiringNew().call(() -> store.load(incidentId));
        if (events.isEmpty()) {
            throw new IncidentNotFoundException(incidentId);
        }
        return TimelineFold.fold(incidentId, events.stream().map(StoredEvent::event).toList(), asOf);
    }

    /** A view of the incident's timeline now; {@link IncidentNotFoundException} when it has no events. */
    public <T> T now(UUID incidentId, Function<Timeline, T> view) {
        Folded folded = kept.computeIfAbsent(incidentId, Folded::new);
        synchronized (folded) {
            List<StoredEvent> newer = QuarkusTransaction.requiringNew().call(() -> store.loadAfterVersion(incidentId, folded.version));
            if (!newer.isEmpty() && newer.get(0).streamVersion() != folded.version + 1) {
                kept.remove(incidentId); // never expected of an append-only store with contiguous versions; fold afresh
                return now(incidentId, view);
            }
            for (StoredEvent stored : newer) {
                folded.fold.apply(stored.event());
                folded.version = stored.streamVersion();
            }
            if (folded.version == 0) {
                kept.remove(incidentId);
                throw new IncidentNotFoundException(incidentId);
            }
            return view.apply(folded.fold.timeline());
        }
    }
}
