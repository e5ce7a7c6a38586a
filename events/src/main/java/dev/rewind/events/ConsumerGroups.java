package dev.rewind.events;

import java.util.List;

/**
 * Every Kafka consumer group the services use: the code subscribes with these names, and the Kubernetes
 * manifests must grant each its ACL (a test checks them against this list).
 */
public final class ConsumerGroups {
    public static final String INCIDENT_SIGNALS = "incident-service-signals";
    public static final String INCIDENT_EVENT_STORE = "incident-service-event-store";
    public static final String EXECUTOR_AUTHORIZATIONS = "executor-service";
    public static final String EXECUTOR_VERIFICATIONS = "executor-service-verifications";
    public static final String VERIFIER_REQUESTS = "verifier-service";
    public static final String NOTIFIER_EVENTS = "notifier-service";

    public static final List<String> ALL = List.of(INCIDENT_SIGNALS, INCIDENT_EVENT_STORE, EXECUTOR_AUTHORIZATIONS,
            EXECUTOR_VERIFICATIONS, VERIFIER_REQUESTS, NOTIFIER_EVENTS);

    private ConsumerGroups() {
    }
}
