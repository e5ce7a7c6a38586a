package dev.rewind.incident.domain;

import java.time.Duration;

import dev.rewind.events.IncidentEvent.HeightenedMonitoringStarted;
import dev.rewind.events.MetricUnit;

/**
 * The runbook's "Deployment with Enhanced Monitoring": for {@code period} from a signed-off hotfix version's first
 * signal, its signals are judged by the tier rules made more sensitive. A threshold that fires above ({@code > x},
 * {@code >= x}) is multiplied by {@code thresholdFactor}, one that fires below ({@code < x}, {@code <= x}) divided by
 * it, a range scaled at both ends; {@code == x} and flag metrics stay as they are. Each rule's {@code for} is
 * multiplied by {@code windowFactor}. A zero period switches heightened monitoring off.
 */
public record HeightenedPolicy(Duration period, double thresholdFactor, double windowFactor) {
    public static final HeightenedPolicy RUNBOOK = new HeightenedPolicy(Duration.ofHours(24), 0.5, 0.5);

    public HeightenedPolicy {
        if (period.isNegative()) {
            throw new IllegalArgumentException("the heightened period must not be negative");
        }
        HeightenedMonitoringStarted.requireFactor(thresholdFactor, "thresholdFactor");
        HeightenedMonitoringStarted.requireFactor(windowFactor, "windowFactor");
    }

    public boolean enabled() {
        return !period.isZero();
    }

    /** The rule as the heightened period applies it. */
    public TierRule scale(TierRule rule, MetricUnit unit) {
        Duration window = Duration.ofMillis(Math.round(rule.window().toMillis() * windowFactor));
        return new TierRule(rule.metric(), rule.tier(), unit == MetricUnit.FLAG ? rule.condition() : scale(rule.condition()), window);
    }

    private Condition scale(Condition condition) {
        double factor = thresholdFactor;
        return switch (condition.operator()) {
            case GREATER, AT_LEAST -> new Condition(condition.operator(), condition.threshold() * factor, Double.NaN);
            case LESS, AT_MOST -> new Condition(condition.operator(), condition.threshold() / factor, Double.NaN);
            case BETWEEN -> new Condition(condition.operator(), condition.threshold() * factor, condition.upper() * factor);
            case EQUAL -> condition;
        };
    }
}
