package dev.rewind.incident.domain;

import java.time.Duration;

/** One trigger of the runbook: a metric, the tier it puts an incident in, when, and for how long. */
public record TierRule(String metric, int tier, Condition condition, Duration window) {

    public String describe() {
        return metric + " " + condition + (window.isZero() ? "" : " for " + window.toMinutes() + "m") + " (tier " + tier + ")";
    }
}
