package dev.rewind.executor.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.Topics;
import dev.rewind.executor.application.RollbackRequests;
import dev.rewind.executor.application.RollbackRunner;
import dev.rewind.platform.messaging.EventSubscriptions;
import io.quarkus.runtime.StartupEvent;

/** Listens on {@code rewind.authorizations} for the go signal. */
@ApplicationScoped
public class AuthorizationConsumer {
    public static final String GROUP = ConsumerGroups.EXECUTOR_AUTHORIZATIONS;

    void start(@Observes StartupEvent startup, EventSubscriptions subscriptions, RollbackRequests requests, RollbackRunner runner) {
        subscriptions.on("authorizations", GROUP, List.of(Topics.AUTHORIZATIONS), RollbackAuthorized.class, authorized -> {
            if (requests.accept(authorized)) {
                runner.submit(authorized.incidentId(), authorized.deployment());
            }
        });
    }
}
