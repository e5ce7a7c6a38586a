package dev.rewind.executor.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.executor.persistence.RollbackStep;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** A rollback's live progress, from the executor's journal: where it stands and every step it recorded. */
@ApplicationScoped
public class RollbackProgress {

    public record StepView(String step, RollbackStep.Status status, Instant startedAt, Instant finishedAt, Map<String, String> outputs) {
    }

    public record RollbackView(UUID incidentId, String deployment, String fromVersion, String targetVersion, String authorizedBy,
                               RollbackRecord.Status status, Instant authorizedAt, Instant updatedAt, String sourceArchive,
                               String brokenArchive, String failure, List<StepView> steps) {
    }

    /** The rollback of an incident, if one was authorized. */
    public Optional<RollbackView> of(UUID incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RollbackRecord r = RollbackRecord.findById(incidentId);
            if (r == null) {
                return Optional.empty();
            }
            List<StepView> steps = RollbackStep.of(incidentId).stream()
                    .map(s -> new StepView(s.step, s.status, s.startedAt, s.finishedAt, s.outputs)).toList();
            return Optional.of(new RollbackView(r.incidentId, r.deployment, r.fromVersion, r.targetVersion, r.authorizedBy, r.status,
                    r.authorizedAt, r.updatedAt, r.sourceArchive, r.brokenArchive, r.failure, steps));
        });
    }
}
