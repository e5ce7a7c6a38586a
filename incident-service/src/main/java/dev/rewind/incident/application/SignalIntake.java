package dev.rewind.incident.application;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.rewind.events.RewindEvent;
import dev.rewind.events.Sample;
import dev.rewind.events.Signal;
import dev.rewind.events.codec.ReceivedSignal;
import dev.rewind.platform.idempotency.ProcessedEvents;
import dev.rewind.incident.domain.Classification;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.domain.IncidentDecider;
import dev.rewind.incident.domain.Policy;
import dev.rewind.incident.domain.SignalAdmission;
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
    private static final String DELIVERIES = "signal-delivery";

    /** What became of a signal; {@code duplicate} when its CloudEvent was already taken (nothing else happened). */
    public record Outcome(UUID incidentId, Integer tier, List<String> events, boolean duplicate) {
    }

    private final IncidentStreams streams;
    private final SignalSamples samples;
    private final IncidentDecider decider;
    private final Policy policy;
    private final SignalAdmission admission;
    private final SystemEventContext context;
    private final ProcessedEvents deliveries;

    public SignalIntake(IncidentStreams streams, SignalSamples samples, SystemEventContext context, Policy policy,
                        ProcessedEvents deliveries,
                        @ConfigProperty(name = "rewind.signals.max-age", defaultValue = "PT1H") Duration maxAge,
                        @ConfigProperty(name = "rewind.signals.max-ahead", defaultValue = "PT5M") Duration maxAhead) {
        this.streams = streams;
        this.samples = samples;
        this.decider = new IncidentDecider(context);
        this.policy = policy;
        this.context = context;
        this.deliveries = deliveries;
        this.admission = new SignalAdmission(policy, maxAge, maxAhead);
    }

    /**
     * Takes a signal once: a CloudEvent already taken (same source and id) changes nothing. Throws
     * {@link dev.rewind.incident.domain.SignalRefusedException} naming the field when the policy does not take it.
     */
    public Outcome accept(ReceivedSignal received) {
        Signal signal = received.signal();
        admission.check(signal, context.now());
        DeploymentPolicy deploymentPolicy = policy.forDeployment(signal.deployment());
        UUID deliveryId = received.deliveryId();
        return streams.inTransactionRetrying(() -> {
            samples.lockDeployment(signal.deployment());
            if (deliveryId != null && !deliveries.firstTime(DELIVERIES, deliveryId)) {
                return new Outcome(null, null, List.of(), true);
            }
            Optional<IncidentRecord> open = IncidentRecord.findOpen(signal.deployment());
            Incident state = open.map(record -> streams.load(record.id)).orElse(Incident.NONE);
            samples.record(signal, state.id());
            List<Sample> history = samples.history(signal.deployment(), signal.metric(), signal.observedAt(),
                    deploymentPolicy.longestWindow().plus(LOOKBACK_MARGIN));
            Optional<Classification> classification = deploymentPolicy.classify(signal.metric(), history);
            List<RewindEvent> events = decider.onSignal(state, signal, classification, deploymentPolicy);
            Incident next = streams.commit(state, events);
            return new Outcome(next.id(), next.exists() ? next.tier() : null,
                    events.stream().map(e -> e.type().shortName()).toList(), false);
        });
    }
}
