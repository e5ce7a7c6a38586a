package dev.rewind.incident.application;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.RewindEvent;
import dev.rewind.events.Signal;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.HeightenedMonitoring;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.domain.Policy;
import dev.rewind.incident.persistence.IncidentRecord;

/**
 * Signed-off hotfixes as the signal intake meets them: which policy judges a signal (the heightened one while its
 * version's period runs), and the first signal of a watched version starts the period — in the intake's transaction,
 * so a signal and the start it caused commit together.
 */
final class HotfixWatches {
    private final IncidentStreams streams;
    private final HeightenedMonitoring monitoring;
    private final Policy policy;

    HotfixWatches(IncidentStreams streams, HeightenedMonitoring monitoring, Policy policy) {
        this.streams = streams;
        this.monitoring = monitoring;
        this.policy = policy;
    }

    /** The incidents watching a hotfix of these deployments, by deployment (most deployments have none). */
    Map<String, Incident> watching(Collection<String> deployments) {
        Map<String, UUID> ids = IncidentRecord.watchingOf(deployments);
        if (ids.isEmpty()) {
            return new HashMap<>();
        }
        Map<UUID, Incident> states = streams.loadAll(ids.values());
        Map<String, Incident> watching = new HashMap<>();
        ids.forEach((deployment, id) -> watching.put(deployment, states.get(id)));
        return watching;
    }

    /**
     * The policy that judges the signal. Starting a period appends to the watching incident's stream; its new state
     * replaces the old one in {@code watching} and is put in {@code committed}.
     */
    DeploymentPolicy judging(Signal signal, Map<String, Incident> watching, Map<UUID, Incident> committed) {
        DeploymentPolicy deploymentPolicy = policy.forDeployment(signal.deployment());
        Incident rolledBack = watching.get(signal.deployment());
        if (rolledBack == null) {
            return deploymentPolicy;
        }
        List<RewindEvent> started = monitoring.onSignal(rolledBack, signal, deploymentPolicy);
        if (!started.isEmpty()) {
            rolledBack = streams.commit(rolledBack, started);
            watching.put(signal.deployment(), rolledBack);
            committed.put(rolledBack.id(), rolledBack);
        }
        return HeightenedMonitoring.applies(rolledBack.redeployment().heightened(), signal)
                ? policy.heightenedFor(signal.deployment()) : deploymentPolicy;
    }
}
