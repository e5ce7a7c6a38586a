package dev.rewind.verifier.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.rewind.verifier.checks.CheckResult;
import dev.rewind.verifier.persistence.VerificationRecord;

/** A verification as the API shows it: what ran, on which tree, each check's result and the runbook's report. */
public record VerificationView(UUID id, UUID incidentId, String deployment, String directory, String stage, String expectedVersion,
                               String verdict, String report, List<CheckResult> results, Instant createdAt) {

    static VerificationView of(VerificationRecord record) {
        return new VerificationView(record.id, record.incidentId, record.deployment, record.directory, record.stage,
                record.expectedVersion, record.verdict, record.report, List.copyOf(record.results), record.createdAt);
    }
}
