package dev.rewind.incident.application;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Sample;
import dev.rewind.events.Signal;
import dev.rewind.incident.domain.Classification;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.domain.IncidentDecider;
import dev.rewind.incident.domain.Policy;
import dev.rewind.incident.persistence.IncidentRecord;
import dev.rewind.incident.persistence.SignalSamples;

/**
 * A signal, from Kafka or REST: checked against the deployment's policy, recorded as a sample, judged
 * with its history, and turned into incident events. One deployment's signals are handled one at a time.
 */
@ApplicationScoped
public class SignalIntake {
    /** Extra history beyond the longest window, so the sample that opens a window is found. */
    private static final Duration LOOKBACK_MARGIN = Duration.ofMinutes(10);

    public record Outcome(UUID incidentId, Integer tier, List<String> events) {
    }

    private final IncidentStreams streams;
    private final SignalSamples samples;
    private final IncidentDecider decider;
    private final Policy policy;

    public SignalIntake(IncidentStreams streams, SignalSamples samples, SystemEventContext context, Policy policy) {
        this.streams = streams;
        this.samples = samples;
        this.decider = new IncidentDecider(context);
        this.policy = policy;
    }

    /** Throws {@link InvalidEventException} naming {@code metric} when the deployment's policy does not know it. */
    public void check(Signal signal) {
        DeploymentPolicy deploymentPolicy = policy.forDeployment(signal.deployment());
        if (!deploymentPolicy.knownMetrics().contains(signal.metric())) {
            throw new InvalidEventException("metric", "'" + signal.metric() + "' is not a metric of the rollback policy of "
                    + signal.deployment() + " (known: " + deploymentPolicy.knownMetrics().stream().sorted().toList() + ")");
        }
    }

    public Outcome accept(Signal signal) {
        check(signal);
        DeploymentPolicy deploymentPolicy = policy.forDeployment(signal.deployment());
        return streams.inTransactionRetrying(() -> {
            samples.lockDeployment(signal.deployment());
            Optional<IncidentRecord> open = IncidentRecord.findOpen(signal.deployment());
            Incident state = open.map(record -> streams.load(record.id)).orElse(Incident.NONE);
            samples.record(signal, state.id());
            List<Sample> history = samples.history(signal.deployment(), signal.metric(), signal.observedAt(),
                    deploymentPolicy.longestWindow().plus(LOOKBACK_MARGIN));
            Optional<Classification> classification = deploymentPolicy.classify(signal.metric(), history);
            List<RewindEvent> events = decider.onSignal(state, signal, classification, deploymentPolicy);
            Incident next = streams.commit(state, events);
            return new Outcome(next.id(), next.exists() ? next.tier() : null,
                    events.stream().map(e -> e.type().shortName()).toList());
        });
    }
}
