package dev.rewind.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.rewind.events.Require.envelope;
import static dev.rewind.events.Require.list;
import static dev.rewind.events.Require.optionalText;
import static dev.rewind.events.Require.positive;
import static dev.rewind.events.Require.present;
import static dev.rewind.events.Require.text;

/** Results of validation and smoke tests, published by verifier-service on {@link Topics#VERIFICATIONS}. */
public sealed interface VerificationEvent extends RewindEvent {

    UUID verificationId();

    record CheckCompleted(UUID eventId, UUID incidentId, Instant occurredAt, UUID verificationId,
                          VerificationStage stage, String check, CheckStatus status, String expected, String found,
                          String detail, long durationMs, CheckKind kind) implements VerificationEvent {
        public CheckCompleted {
            envelope(eventId, incidentId, occurredAt);
            present(verificationId, "verificationId");
            present(stage, "stage");
            text(check, "check");
            if (kind == null) {
                kind = CheckKind.ofLegacyName(check).orElseThrow(() -> new InvalidEventException("kind", "is required"));
            }
            present(status, "status");
            optionalText(expected, "expected", Require.MAX_TEXT);
            optionalText(found, "found", Require.MAX_TEXT);
            optionalText(detail, "detail", Require.MAX_TEXT);
            positive(durationMs, "durationMs");
        }
    }

    /** The verdict of a stage, naming the checks that did not pass (failed or inconclusive); {@code report} is the runbook's results document (PASS/FAIL per test, overall). */
    record VerificationCompleted(UUID eventId, UUID incidentId, Instant occurredAt, UUID verificationId,
                                 VerificationStage stage, Verdict verdict, int passed, int failed, int inconclusive,
                                 List<String> failedChecks, String report) implements VerificationEvent {
        public static final int MAX_REPORT = 65536;

        public VerificationCompleted {
            envelope(eventId, incidentId, occurredAt);
            present(verificationId, "verificationId");
            present(stage, "stage");
            present(verdict, "verdict");
            if (verdict == Verdict.PASSED && (failed > 0 || inconclusive > 0)) {
                throw new InvalidEventException("verdict", "cannot be PASSED with failed or inconclusive checks");
            }
            failedChecks = list(failedChecks);
            optionalText(report, "report", MAX_REPORT);
        }
    }
}
