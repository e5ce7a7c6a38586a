package dev.rewind.incident.domain;

import java.time.Duration;

/** The decision tree's fix-time limits: a fix within the limit is attempted instead of a rollback. */
public record DecisionLimits(Duration severe, Duration moderate, Duration minor) {
    public static final DecisionLimits RUNBOOK = new DecisionLimits(Duration.ofMinutes(60), Duration.ofMinutes(120),
            Duration.ofMinutes(240));
}
