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

/**
 * A rollback's live progress, from the executor's journal: where it stands, the attempt it runs, every step it recorded,
 * and the steps of its earlier attempts (named {@code <step>@<attempt>}, as the timeline names them).
 */
@ApplicationScoped
public class RollbackProgress {

    public record StepView(String step, RollbackStep.Status status, Instant startedAt, Instant finishedAt, Map<String, String> outputs) {
    }

    public record RollbackView(UUID incidentId, String deployment, String fromVersion, String targetVersion, String authorizedBy,
                               RollbackRecord.Status status, Instant authorizedAt, Instant updatedAt, String sourceArchive,
                               String brokenArchive, String failure, int attempt, List<StepView> steps, List<StepView> earlierAttempts) {
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
                    r.authorizedAt, r.updatedAt, r.sourceArchive, r.brokenArchive, r.failure, r.attempt, steps, earlier(incidentId)));
        });
    }

    @SuppressWarnings("unchecked")
    private static List<StepView> earlier(UUID incidentId) {
        List<Object[]> rows = RollbackStep.getEntityManager().createNativeQuery("select step, attempt, status, started_at, finished_at "
                + "from rollback_step_earlier where incident_id = ?1 order by attempt, started_at").setParameter(1, incidentId).getResultList();
        return rows.stream().map(row -> new StepView(row[0] + "@" + row[1], RollbackStep.Status.valueOf((String) row[2]),
                instant(row[3]), instant(row[4]), Map.of())).toList();
    }

    private static Instant instant(Object value) {
        return value == null ? null : value instanceof Instant instant ? instant
                : value instanceof java.time.OffsetDateTime offset ? offset.toInstant() : ((java.sql.Timestamp) value).toInstant();
    }
}
