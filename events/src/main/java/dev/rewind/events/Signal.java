package dev.rewind.events;

import java.time.Instant;

import static dev.rewind.events.Require.finite;
import static dev.rewind.events.Require.optionalText;
import static dev.rewind.events.Require.present;
import static dev.rewind.events.Require.text;

/**
 * A trigger signal from monitoring ({@code dev.rewind.signal} on {@link Topics#SIGNALS}).
 * Whether the metric is known is the policy's call, not the contract's.
 */
public record Signal(String deployment, String version, String metric, double value, Instant observedAt,
                     String detail) {
    public static final String TYPE = "dev.rewind.signal";
    public static final int MAX_NAME = 253;
    public static final int MAX_VERSION = 64;
    public static final int MAX_METRIC = 128;

    public Signal {
        text(deployment, "deployment", MAX_NAME);
        text(version, "version", MAX_VERSION);
        text(metric, "metric", MAX_METRIC);
        finite(value, "value");
        present(observedAt, "observedAt");
        optionalText(detail, "detail", Require.MAX_TEXT);
    }
}
