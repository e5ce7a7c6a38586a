package dev.rewind.incident.domain;

import java.time.Duration;

/** Who is paged, and how long after authorization was requested without a response. */
public record EscalationStep(String role, Duration after) {
}
