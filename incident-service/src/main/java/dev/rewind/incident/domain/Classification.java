package dev.rewind.incident.domain;

import java.util.List;

import dev.rewind.events.Sample;

/** A rule that fired, with the samples that show it held across its window. */
public record Classification(TierRule rule, List<Sample> evidence) {
    public int tier() {
        return rule.tier();
    }
}
