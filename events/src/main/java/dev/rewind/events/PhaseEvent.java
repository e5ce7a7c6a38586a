package dev.rewind.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rewind.events.Require.envelope;
import static dev.rewind.events.Require.list;
import static dev.rewind.events.Require.map;
import static dev.rewind.events.Require.optionalText;
import static dev.rewind.events.Require.positive;
import static dev.rewind.events.Require.present;
import static dev.rewind.events.Require.text;

/** Progress of the rollback itself, published by executor-service on {@link Topics#PHASES}. */
public sealed interface PhaseEvent extends RewindEvent {

    record PhaseStarted(UUID eventId, UUID incidentId, Instant occurredAt, int phase, String name)
            implements PhaseEvent {
        public PhaseStarted {
            envelope(eventId, incidentId, occurredAt);
            positive(phase, "phase");
            text(name, "name");
        }
    }

    /** A finished step with what it produced (paths, sizes, checksums, counts). */
    record StepCompleted(UUID eventId, UUID incidentId, Instant occurredAt, int phase, String step, String name,
                         long durationMs, Map<String, String> outputs) implements PhaseEvent {
        public StepCompleted {
            envelope(eventId, incidentId, occurredAt);
            positive(phase, "phase");
            RunbookStep.of(text(step, "step"));
            text(name, "name");
            positive(durationMs, "durationMs");
            outputs = map(outputs);
        }

        /** The runbook step this was a run of (an earlier attempt's id names its step too). */
        public RunbookStep runbookStep() {
            return RunbookStep.of(step);
        }

        /** One of the outputs other services read, or null when the step did not record it. */
        public String output(StepOutput output) {
            return outputs.get(output.key());
        }
    }

    record StepFailed(UUID eventId, UUID incidentId, Instant occurredAt, int phase, String step, String name,
                      long durationMs, String cause) implements PhaseEvent {
        public StepFailed {
            envelope(eventId, incidentId, occurredAt);
            positive(phase, "phase");
            RunbookStep.of(text(step, "step"));
            text(name, "name");
            positive(durationMs, "durationMs");
            text(cause, "cause");
        }

        public RunbookStep runbookStep() {
            return RunbookStep.of(step);
        }
    }

    record PhaseCompleted(UUID eventId, UUID incidentId, Instant occurredAt, int phase, String name, long durationMs)
            implements PhaseEvent {
        public PhaseCompleted {
            envelope(eventId, incidentId, occurredAt);
            positive(phase, "phase");
            text(name, "name");
            positive(durationMs, "durationMs");
        }
    }

    record VerificationRequested(UUID eventId, UUID incidentId, Instant occurredAt, UUID verificationId,
                                 VerificationStage stage, String deployment, String targetDirectory,
                                 String expectedVersion) implements PhaseEvent {
        public VerificationRequested {
            envelope(eventId, incidentId, occurredAt);
            present(verificationId, "verificationId");
            present(stage, "stage");
            text(deployment, "deployment", Signal.MAX_NAME);
            text(targetDirectory, "targetDirectory");
            optionalText(expectedVersion, "expectedVersion", Signal.MAX_VERSION);
        }
    }

    record RollbackCompleted(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, String fromVersion,
                             String toVersion, long durationMs, String brokenArchive) implements PhaseEvent {
        public RollbackCompleted {
            envelope(eventId, incidentId, occurredAt);
            text(deployment, "deployment", Signal.MAX_NAME);
            optionalText(fromVersion, "fromVersion", Signal.MAX_VERSION);
            text(toVersion, "toVersion", Signal.MAX_VERSION);
            positive(durationMs, "durationMs");
            optionalText(brokenArchive, "brokenArchive", Require.MAX_TEXT);
        }
    }

    record RollbackFailed(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, String reason,
                          List<String> failedChecks) implements PhaseEvent {
        public RollbackFailed {
            envelope(eventId, incidentId, occurredAt);
            text(deployment, "deployment", Signal.MAX_NAME);
            text(reason, "reason");
            failedChecks = list(failedChecks);
        }
    }

    /**
     * The executor refused a command it could not prove came from its producer (a {@code rollback.authorized} not
     * signed by incident-service, a {@code verification.completed} not signed by verifier-service): nothing was
     * executed. {@code refusedType} and {@code refusedEventId} are what the record claimed, when readable.
     */
    record CommandRefused(UUID eventId, UUID incidentId, Instant occurredAt, String topic, String origin,
                          String refusedType, UUID refusedEventId, String reason) implements PhaseEvent {
        public CommandRefused {
            envelope(eventId, incidentId, occurredAt);
            text(topic, "topic", Signal.MAX_NAME);
            text(origin, "origin", Require.MAX_TEXT);
            optionalText(refusedType, "refusedType", Signal.MAX_NAME);
            text(reason, "reason");
        }
    }
}
