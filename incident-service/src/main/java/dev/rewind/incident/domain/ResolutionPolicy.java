package dev.rewind.incident.domain;

import java.time.Duration;

/**
 * When Rewind ends an incident by itself: a signal-opened incident not yet rolled back when its metric stayed below
 * every tier for {@code recoveredFor}; a denied incident when its deployment breached no tier for
 * {@code deniedQuietFor}. A zero duration switches that ending off.
 */
public record ResolutionPolicy(Duration recoveredFor, Duration deniedQuietFor) {
    public static final ResolutionPolicy RUNBOOK = new ResolutionPolicy(Duration.ofMinutes(15), Duration.ofHours(24));

    public ResolutionPolicy {
        if (recoveredFor.isNegative() || deniedQuietFor.isNegative()) {
            throw new IllegalArgumentException("resolution windows must not be negative");
        }
    }
}
