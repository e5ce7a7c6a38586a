package dev.rewind.events;

import java.time.Instant;

import static dev.rewind.events.Require.finite;
import static dev.rewind.events.Require.optionalText;
import static dev.rewind.events.Require.plain;
import static dev.rewind.events.Require.present;

/**
 * A trigger signal from monitoring ({@code dev.rewind.signal} on {@link Topics#SIGNALS}).
 * Names follow {@link Names}' charsets; whether the metric is known, and which values its unit allows, is the
 * policy's call, not the contract's.
 */
public record Signal(String deployment, String version, String metric, double value, Instant observedAt,
                     String detail) {
    public static final String TYPE = "dev.rewind.signal";
    public static final int MAX_NAME = Names.MAX_DEPLOYMENT;
    public static final int MAX_VERSION = Names.MAX_VERSION;
    public static final int MAX_METRIC = Names.MAX_METRIC;
    /** The longest {@code detail}. */
    public static final int MAX_DETAIL = 1024;

    public Signal {
        Names.deployment(deployment, "deployment");
        Names.version(version, "version");
        Names.metric(metric, "metric");
        finite(value, "value");
        present(observedAt, "observedAt");
        plain(optionalText(detail, "detail", MAX_DETAIL), "detail");
    }
}
