package dev.rewind.incident.application;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;

import dev.rewind.events.RewindEvent;
import dev.rewind.events.Sample;
import dev.rewind.events.Signal;
import dev.rewind.events.codec.ReceivedSignal;
import dev.rewind.platform.idempotency.ProcessedEvents;
import dev.rewind.incident.domain.Classification;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.HeightenedMonitoring;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.domain.IncidentDecider;
import dev.rewind.incident.domain.Policy;
import dev.rewind.incident.domain.SampleWindow;
import dev.rewind.incident.domain.SignalAdmission;
import dev.rewind.incident.persistence.IncidentRecord;
import dev.rewind.incident.persistence.SignalSamples;

/**
 * A signal, from Kafka or REST: checked against the deployment's policy, recorded as a sample, judged with its
 * history, and turned into incident events. One deployment's signals are handled one at a time, on every path
 * and instance (its {@code signal_deployment} row is locked). {@link #accept} takes one signal and reads its
 * history from the sample table; {@link #acceptAll} takes a poll's signals in one transaction and judges them on
 * the windows kept in memory ({@link SignalWindows}) — with the same decisions.
 */
@ApplicationScoped
@Startup // a bad rewind.signals.windows.max-deployments stops the start, not the first signal
public class SignalIntake {
    private static final String DELIVERIES = "signal-delivery";

    /** What became of a signal; {@code duplicate} when its CloudEvent was already taken (nothing else happened). */
    public record Outcome(UUID incidentId, Integer tier, List<String> events, boolean duplicate) {
        static final Outcome DUPLICATE = new Outcome(null, null, List.of(), true);

        static Outcome of(Incident next, List<RewindEvent> events) {
            return new Outcome(next.id(), next.exists() ? next.tier() : null,
                    events.stream().map(e -> e.type().shortName()).toList(), false);
        }
    }

    private final IncidentStreams streams;
    private final SignalSamples samples;
    private final IncidentDecider decider;
    private final Policy policy;
    private final SignalAdmission admission;
    private final SystemEventContext context;
    private final ProcessedEvents deliveries;
    private final SignalWindows windows;
    private final HotfixWatches hotfixes;

    public SignalIntake(IncidentStreams streams, SignalSamples samples, SystemEventContext context, Policy policy,
                        ProcessedEvents deliveries,
                        @ConfigProperty(name = "rewind.signals.max-age", defaultValue = "PT1H") Duration maxAge,
                        @ConfigProperty(name = "rewind.signals.max-ahead", defaultValue = "PT5M") Duration maxAhead,
                        @ConfigProperty(name = "rewind.signals.windows.max-deployments", defaultValue = "20000") int windowedDeployments) {
        if (windowedDeployments < 1000) {
            throw new IllegalArgumentException("rewind.signals.windows.max-deployments must be at least 1000 (a poll's "
                    + "signals may name as many deployments), not " + windowedDeployments);
        }
        this.streams = streams;
        this.samples = samples;
        this.decider = new IncidentDecider(context);
        this.policy = policy;
        this.context = context;
        this.deliveries = deliveries;
        this.admission = new SignalAdmission(policy, maxAge, maxAhead);
        this.windows = new SignalWindows(windowedDeployments);
        this.hotfixes = new HotfixWatches(streams, new HeightenedMonitoring(context), policy);
    }

    /**
     * Takes a signal once: a CloudEvent already taken (same source and id) changes nothing. Throws
     * {@link dev.rewind.incident.domain.SignalRefusedException} naming the field when the policy does not take it.
     */
    public Outcome accept(ReceivedSignal received) {
        Signal signal = admitted(received.signal());
        DeploymentPolicy deploymentPolicy = policy.forDeployment(signal.deployment());
        UUID deliveryId = received.deliveryId();
        return streams.inTransactionRetrying(() -> {
            samples.claim(signal.deployment(), 1);
            if (deliveryId != null && !deliveries.firstTime(DELIVERIES, deliveryId)) {
                return Outcome.DUPLICATE;
            }
            Optional<IncidentRecord> open = IncidentRecord.findOpen(signal.deployment());
            Incident state = open.map(record -> streams.load(record.id)).orElse(Incident.NONE);
            samples.record(signal, state.id());
            List<Sample> history = samples.history(signal.deployment(), signal.metric(),
                    signal.observedAt().minus(deploymentPolicy.lookback()));
            Map<UUID, Incident> started = new HashMap<>();
            DeploymentPolicy judging = hotfixes.judging(signal, hotfixes.watching(List.of(signal.deployment())), started);
            List<RewindEvent> events = decider.onSignal(state, signal, judging.classify(signal.metric(), history), judging);
            return Outcome.of(streams.commit(state, events), events);
        });
    }

    /**
     * Takes a poll's signals in one transaction, in order, each once; all are admitted or the call throws (the
     * caller then takes them one by one). Their samples are appended in one batch and judged on the windows in memory,
     * which are loaded again, in one query, for deployments whose history moved elsewhere.
     */
    public synchronized List<Outcome> acceptAll(List<ReceivedSignal> batch) {
        List<Signal> admitted = new ArrayList<>(batch.size());
        for (ReceivedSignal received : batch) {
            admitted.add(admitted(received.signal()));
        }
        Set<String> deployments = new HashSet<>();
        admitted.forEach(signal -> deployments.add(signal.deployment()));
        Map<String, Long> counts = new HashMap<>();
        Map<UUID, Incident> committed = new HashMap<>();
        List<Outcome> outcomes;
        try {
            outcomes = streams.inTransactionRetrying(() -> judgeAll(batch, admitted, counts, committed));
        } catch (RuntimeException e) {
            windows.forget(deployments);
            throw e;
        }
        windows.committed(counts);
        streams.remember(committed);
        return outcomes;
    }

    private List<Outcome> judgeAll(List<ReceivedSignal> batch, List<Signal> admitted, Map<String, Long> counts,
                                   Map<UUID, Incident> committed) {
        windows.forget(counts.keySet()); // a retried attempt: what the failed one added is gone
        counts.clear();
        committed.clear();
        List<UUID> deliveryIds = batch.stream().map(ReceivedSignal::deliveryId).filter(java.util.Objects::nonNull).toList();
        Set<UUID> firstTime = deliveries.firstTimes(DELIVERIES, deliveryIds);
        boolean[] fresh = new boolean[batch.size()];
        Map<String, Integer> added = new HashMap<>();
        Map<String, Instant> from = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            UUID deliveryId = batch.get(i).deliveryId();
            fresh[i] = deliveryId == null || firstTime.remove(deliveryId);
            Signal signal = admitted.get(i);
            if (fresh[i]) {
                added.merge(signal.deployment(), 1, Integer::sum);
                Instant reach = signal.observedAt().minus(policy.forDeployment(signal.deployment()).lookback());
                from.merge(signal.deployment(), reach, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        if (added.isEmpty()) {
            return batch.stream().map(received -> Outcome.DUPLICATE).toList();
        }
        counts.putAll(samples.claimAll(added));
        loadWindowsBehind(added, from, counts);

        Map<String, UUID> open = IncidentRecord.openOf(added.keySet());
        Map<UUID, Incident> loaded = streams.loadAll(open.values());
        Map<String, Incident> current = new HashMap<>();
        open.forEach((deployment, id) -> current.put(deployment, loaded.get(id)));
        Map<String, Incident> watching = hotfixes.watching(added.keySet());

        List<SignalSamples.Recorded> recorded = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (!fresh[i]) {
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            Signal signal = admitted.get(i);
            DeploymentPolicy deploymentPolicy = policy.forDeployment(signal.deployment());
            Incident state = current.getOrDefault(signal.deployment(), Incident.NONE);
            recorded.add(new SignalSamples.Recorded(signal, state.id()));
            SampleWindow window = windows.window(signal.deployment(), signal.metric(), deploymentPolicy);
            window.add(new Sample(signal.value(), signal.observedAt()));
            DeploymentPolicy judging = hotfixes.judging(signal, watching, committed);
            Optional<Classification> classification = judging.classify(signal.metric(),
                    window.history(signal.observedAt().minus(deploymentPolicy.lookback())));
            List<RewindEvent> events = decider.onSignal(state, signal, classification, judging);
            Incident next = streams.commit(state, events);
            if (!events.isEmpty()) {
                committed.put(next.id(), next);
            }
            current.put(signal.deployment(), next.isOpen() ? next : Incident.NONE);
            outcomes.add(Outcome.of(next, events));
        }
        samples.recordAll(recorded);
        return outcomes;
    }

    private void loadWindowsBehind(Map<String, Integer> added, Map<String, Instant> from, Map<String, Long> counts) {
        List<String> behind = new ArrayList<>();
        Instant earliest = null;
        for (Map.Entry<String, Integer> entry : added.entrySet()) {
            String deployment = entry.getKey();
            if (!windows.isWhole(deployment, counts.get(deployment) - entry.getValue(), from.get(deployment))) {
                behind.add(deployment);
                earliest = earliest == null || from.get(deployment).isBefore(earliest) ? from.get(deployment) : earliest;
            }
        }
        if (behind.isEmpty()) {
            return;
        }
        Instant reach = earliest;
        samples.histories(behind, reach).forEach((deployment, history) -> windows.load(deployment,
                counts.get(deployment) - added.get(deployment), reach, history, policy.forDeployment(deployment)));
    }

    /** Admitted by the policy, observed at the sample table's precision (microseconds) on every path. */
    private Signal admitted(Signal signal) {
        admission.check(signal, context.now());
        Instant observed = signal.observedAt().truncatedTo(ChronoUnit.MICROS);
        return observed.equals(signal.observedAt()) ? signal
                : new Signal(signal.deployment(), signal.version(), signal.metric(), signal.value(), observed, signal.detail());
    }
}
