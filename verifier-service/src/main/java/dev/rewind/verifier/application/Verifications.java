package dev.rewind.verifier.application;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.CheckStatus;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.Require;
import dev.rewind.events.VerificationEvent.CheckCompleted;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.events.VerificationStage;
import dev.rewind.platform.idempotency.ProcessedEvents;
import dev.rewind.platform.outbox.Outbox;
import dev.rewind.verifier.checks.CheckResult;
import dev.rewind.verifier.persistence.VerificationRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;

import static dev.rewind.events.Require.clip;

/**
 * A verification request in, a verdict out: the checks run outside any transaction, then the record,
 * one {@code check.completed} per check and the {@code verification.completed} commit together. A
 * redelivered request (same event id) or a repeated verification id runs once. Long check output is clipped
 * (saying so) to the event's limits, so a verbose check can never make its verdict unpublishable.
 */
@ApplicationScoped
public class Verifications {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Verifications.class);
    private static final String HANDLER = "verification-requested";

    private final Verifier verifier;
    private final Outbox outbox;
    private final ProcessedEvents processed;

    public Verifications(Verifier verifier, Outbox outbox, ProcessedEvents processed) {
        this.verifier = verifier;
        this.outbox = outbox;
        this.processed = processed;
    }

    /**
     * Runs the request's checks and publishes the verdict. A request for a verification already answered is the
     * executor asking again (its verdict never arrived): the recorded verdict is published again, under the same
     * event id, so whoever already had it drops it.
     */
    public void onRequest(VerificationRequested request) {
        boolean seen = QuarkusTransaction.requiringNew().call(() -> {
            VerificationRecord answered = VerificationRecord.findById(request.verificationId());
            if (answered != null && processed.firstTime(HANDLER, request.eventId())) {
                LOG.infof("verification %s asked again: its verdict %s is published again", answered.id, answered.verdict);
                outbox.enqueueAgain(verdict(answered.id, answered.incidentId, new Verifier.Outcome(
                        VerificationStage.valueOf(answered.stage), dev.rewind.events.Verdict.valueOf(answered.verdict),
                        answered.results, answered.report)));
            }
            return answered != null;
        });
        if (seen) {
            return;
        }
        Verifier.Outcome outcome = verifier.verify(request.deployment(), Path.of(request.targetDirectory()), request.stage(),
                request.expectedVersion());
        QuarkusTransaction.requiringNew().run(() -> {
            if (!processed.firstTime(HANDLER, request.eventId()) || VerificationRecord.findById(request.verificationId()) != null) {
                return;
            }
            save(request.verificationId(), request.incidentId(), request.deployment(), request.targetDirectory(),
                    request.expectedVersion(), outcome);
            publish(request.verificationId(), request.incidentId(), outcome);
        });
    }

    /** An operator's or a drill's verification of a directory; no incident, no events. */
    public VerificationView adHoc(String deployment, String directory, VerificationStage stage, String expectedVersion) {
        Verifier.Outcome outcome = verifier.verify(deployment, Path.of(directory), stage, expectedVersion);
        UUID id = UUID.randomUUID();
        return VerificationView.of(QuarkusTransaction.requiringNew().call(() -> save(id, null, deployment, directory, expectedVersion, outcome)));
    }

    /** A verification, ad hoc or of an incident, by its id. */
    public Optional<VerificationView> find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> VerificationRecord.<VerificationRecord>findByIdOptional(id).map(VerificationView::of));
    }

    private static VerificationRecord save(UUID id, UUID incidentId, String deployment, String directory, String expectedVersion,
                                           Verifier.Outcome outcome) {
        VerificationRecord record = new VerificationRecord();
        record.id = id;
        record.incidentId = incidentId;
        record.deployment = deployment;
        record.directory = directory;
        record.stage = outcome.stage().name();
        record.expectedVersion = expectedVersion;
        record.verdict = outcome.verdict().name();
        record.report = outcome.report();
        record.results = outcome.results();
        record.createdAt = Instant.now();
        record.persist();
        return record;
    }

    private void publish(UUID verificationId, UUID incidentId, Verifier.Outcome outcome) {
        for (CheckResult result : outcome.results()) {
            outbox.enqueue(new CheckCompleted(UUID.randomUUID(), incidentId, Instant.now(), verificationId, outcome.stage(),
                    result.check(), result.status(), clip(result.expected(), Require.MAX_TEXT), clip(result.found(), Require.MAX_TEXT),
                    clip(result.detail(), Require.MAX_TEXT), result.durationMs(), result.kind()));
        }
        outbox.enqueue(verdict(verificationId, incidentId, outcome));
    }

    /** The verdict's event; its id follows from the verification's, so a verdict published again is the same event. */
    private static VerificationCompleted verdict(UUID verificationId, UUID incidentId, Verifier.Outcome outcome) {
        UUID eventId = UUID.nameUUIDFromBytes(("verification.completed/" + verificationId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new VerificationCompleted(eventId, incidentId, Instant.now(), verificationId, outcome.stage(),
                outcome.verdict(), (int) outcome.count(CheckStatus.PASSED), (int) outcome.count(CheckStatus.FAILED),
                (int) outcome.count(CheckStatus.INCONCLUSIVE), outcome.notPassed(), clip(outcome.report(), VerificationCompleted.MAX_REPORT));
    }
}
