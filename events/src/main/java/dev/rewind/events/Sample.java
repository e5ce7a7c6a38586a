package dev.rewind.events;

import java.time.Instant;

/** One observed metric value: the evidence behind a classification. */
public record Sample(double value, Instant observedAt) {
    public Sample {
        Require.finite(value, "value");
        Require.present(observedAt, "observedAt");
    }
}
