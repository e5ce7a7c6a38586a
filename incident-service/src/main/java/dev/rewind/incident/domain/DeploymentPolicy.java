package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.rewind.events.Sample;

/**
 * The rollback policy that applies to one deployment: its tier rules, escalation, decision limits, when its incidents
 * end by themselves, and how a signed-off hotfix is watched.
 */
public record DeploymentPolicy(List<TierRule> rules, boolean autoAuthorizeTier1, List<EscalationStep> escalation,
                               DecisionLimits limits, ResolutionPolicy resolution, HeightenedPolicy heightened) {
    /** The most samples of one metric a classification is given (a flood of signals cannot grow it). */
    public static final int MAX_HISTORY = 2000;
    /** History kept beyond the longest window, so the sample that opens a window is found. */
    private static final Duration LOOKBACK_MARGIN = Duration.ofMinutes(10);

    public DeploymentPolicy {
        rules = rules.stream().sorted(Comparator.comparingInt(TierRule::tier)).toList();
        escalation = List.copyOf(escalation);
    }

    public DeploymentPolicy(List<TierRule> rules, boolean autoAuthorizeTier1, List<EscalationStep> escalation, DecisionLimits limits) {
        this(rules, autoAuthorizeTier1, escalation, limits, ResolutionPolicy.RUNBOOK, HeightenedPolicy.RUNBOOK);
    }

    /** This policy with its tier rules scaled as {@link #heightened} says (the metrics' units tell flags apart). */
    public DeploymentPolicy heightenedRules(java.util.Map<String, dev.rewind.events.MetricUnit> units) {
        List<TierRule> scaled = rules.stream().map(rule -> heightened.scale(rule, units.get(rule.metric()))).toList();
        return new DeploymentPolicy(scaled, autoAuthorizeTier1, escalation, limits, resolution, heightened);
    }

    public Set<String> knownMetrics() {
        return rules.stream().map(TierRule::metric).collect(Collectors.toUnmodifiableSet());
    }

    /** The longest window of any rule: how much sample history classification needs. */
    public Duration longestWindow() {
        return rules.stream().map(TierRule::window).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    /** The longest window of the metric's rules: how far back its classification walks from the newest sample. */
    public Duration longestWindow(String metric) {
        return rules.stream().filter(rule -> rule.metric().equals(metric)).map(TierRule::window)
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    /** How far before a signal's observation its classification's history reaches. */
    public Duration lookback() {
        return longestWindow().plus(LOOKBACK_MARGIN);
    }

    /**
     * The most severe rule of the metric that holds. A rule with a window holds when the samples span
     * at least the window and every one of them satisfies it; without a window the newest sample decides.
     *
     * @param history samples of one metric, any order
     */
    public Optional<Classification> classify(String metric, List<Sample> history) {
        if (history.isEmpty()) {
            return Optional.empty();
        }
        List<Sample> samples = history.stream().sorted(Comparator.comparing(Sample::observedAt)).toList();
        for (TierRule rule : rules) {
            if (rule.metric().equals(metric)) {
                Optional<List<Sample>> evidence = holds(rule, samples);
                if (evidence.isPresent()) {
                    return Optional.of(new Classification(rule, evidence.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<List<Sample>> holds(TierRule rule, List<Sample> samples) {
        Sample newest = samples.get(samples.size() - 1);
        if (rule.window().isZero()) {
            return rule.condition().test(newest.value()) ? Optional.of(List.of(newest)) : Optional.empty();
        }
        Instant windowStart = newest.observedAt().minus(rule.window());
        List<Sample> covering = new ArrayList<>();
        for (int i = samples.size() - 1; i >= 0; i--) {
            Sample sample = samples.get(i);
            if (!rule.condition().test(sample.value())) {
                return Optional.empty();
            }
            covering.add(0, sample);
            if (!sample.observedAt().isAfter(windowStart)) {
                return Optional.of(List.copyOf(covering));
            }
        }
        return Optional.empty();
    }
}
