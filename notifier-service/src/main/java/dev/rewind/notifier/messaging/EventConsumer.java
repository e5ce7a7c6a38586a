package dev.rewind.notifier.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.Topics;
import dev.rewind.notifier.application.NotificationIntake;
import dev.rewind.platform.messaging.EventSubscriptions;
import io.quarkus.runtime.StartupEvent;

/** Listens to every topic whose events people may need to hear about. */
@ApplicationScoped
public class EventConsumer {
    public static final String GROUP = ConsumerGroups.NOTIFIER_EVENTS;
    public static final List<String> TOPICS = List.of(Topics.INCIDENTS, Topics.AUTHORIZATIONS, Topics.PHASES, Topics.VERIFICATIONS);

    void start(@Observes StartupEvent startup, EventSubscriptions subscriptions, NotificationIntake intake) {
        subscriptions.onEvents("notifications", GROUP, TOPICS, intake::onEvent);
    }
}
