package dev.rewind.incident.domain;

import java.time.Instant;

/**
 * One metric of a deployment since some instant, as the sample table summarizes it: how many samples came, and
 * when the newest one that met any of the metric's tier rules was observed ({@code null}: none did).
 */
public record MetricActivity(long samples, Instant lastBreach) {
}
