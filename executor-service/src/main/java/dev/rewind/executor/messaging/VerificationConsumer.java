package dev.rewind.executor.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.Topics;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.executor.application.RollbackRunner;
import dev.rewind.platform.messaging.EventSubscriptions;
import io.quarkus.runtime.StartupEvent;

/** Listens on {@code rewind.verifications} for the verdicts the executor waits on. */
@ApplicationScoped
public class VerificationConsumer {
    public static final String GROUP = ConsumerGroups.EXECUTOR_VERIFICATIONS;

    void start(@Observes StartupEvent startup, EventSubscriptions subscriptions, RollbackRunner runner) {
        subscriptions.on("verifications", GROUP, List.of(Topics.VERIFICATIONS), VerificationCompleted.class, runner::onVerification);
    }
}
