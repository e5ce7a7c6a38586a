package dev.rewind.incident.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.Topics;
import dev.rewind.incident.application.EventIngest;
import dev.rewind.platform.messaging.EventSubscriptions;
import io.quarkus.runtime.StartupEvent;

/** Feeds every incident-keyed Rewind topic to the event store's ingest, a poll at a time ({@link EventIngest}). */
@ApplicationScoped
public class EventStoreIngest {
    public static final String GROUP = ConsumerGroups.INCIDENT_EVENT_STORE;

    private final EventIngest ingest;

    public EventStoreIngest(EventIngest ingest) {
        this.ingest = ingest;
    }

    void start(@Observes StartupEvent startup, EventSubscriptions subscriptions) {
        subscriptions.onEventBatches("event-store", GROUP, Topics.INCIDENT_KEYED, decoded -> ingest.storeAll(List.of(decoded)),
                ingest::storeAll);
    }
}
