package dev.rewind.verifier.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.Topics;
import dev.rewind.platform.messaging.EventSubscriptions;
import dev.rewind.verifier.application.Verifications;
import io.quarkus.runtime.StartupEvent;

/** Listens on {@code rewind.phases} for {@code verification.requested}. */
@ApplicationScoped
public class RequestConsumer {
    public static final String GROUP = ConsumerGroups.VERIFIER_REQUESTS;

    void start(@Observes StartupEvent startup, EventSubscriptions subscriptions, Verifications verifications) {
        subscriptions.on("verification-requests", GROUP, List.of(Topics.PHASES), VerificationRequested.class, verifications::onRequest);
    }
}
