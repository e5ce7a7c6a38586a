package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;

import dev.rewind.events.MetricUnit;
import dev.rewind.events.Signal;

/**
 * Whether a well-formed signal may open or feed an incident: its deployment is configured (or the policy
 * takes any), the policy knows its metric, its value fits the metric's unit, and it was observed within
 * the window around now (a sample from 0001 or 2999 would otherwise decide a sustained rule).
 */
public record SignalAdmission(Policy policy, Duration maxAge, Duration maxAhead) {

    /** Throws {@link SignalRefusedException} naming the field at fault. */
    public void check(Signal signal, Instant now) {
        if (!policy.acceptsUnconfigured() && !policy.isConfigured(signal.deployment())) {
            throw new SignalRefusedException("deployment", "'" + signal.deployment() + "' is not a deployment of the rollback "
                    + "policy (name it under deployments, or set unconfiguredDeployments: accept)");
        }
        DeploymentPolicy deploymentPolicy = policy.forDeployment(signal.deployment());
        if (!deploymentPolicy.knownMetrics().contains(signal.metric())) {
            throw new SignalRefusedException("metric", "'" + signal.metric() + "' is not a metric of the rollback policy of "
                    + signal.deployment() + " (known: " + deploymentPolicy.knownMetrics().stream().sorted().toList() + ")");
        }
        MetricUnit unit = policy.unitOf(signal.metric()).orElseThrow();
        if (!unit.fits(signal.value())) {
            throw new SignalRefusedException("value", "must be " + unit.describe() + " for " + signal.metric() + " (unit "
                    + unit.wireName() + "), not " + signal.value());
        }
        if (signal.observedAt().isBefore(now.minus(maxAge))) {
            throw new SignalRefusedException("observedAt", "is more than " + maxAge.toMinutes() + " minutes in the past");
        }
        if (signal.observedAt().isAfter(now.plus(maxAhead))) {
            throw new SignalRefusedException("observedAt", "is more than " + maxAhead.toSeconds() + " seconds in the future");
        }
    }
}
