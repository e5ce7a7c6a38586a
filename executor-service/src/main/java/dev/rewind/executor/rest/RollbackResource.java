package dev.rewind.executor.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.rewind.executor.application.RollbackReverter;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.executor.persistence.RollbackStep;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;

/** Live progress of a rollback, and the operator's way back after a failed verification. */
@Path("/api/v1/rollbacks")
@Produces(MediaType.APPLICATION_JSON)
public class RollbackResource {
    private final RollbackReverter reverter;

    public RollbackResource(RollbackReverter reverter) {
        this.reverter = reverter;
    }

    public record StepView(String step, RollbackStep.Status status, Instant startedAt, Instant finishedAt, Map<String, String> outputs) {
    }

    public record RollbackView(UUID incidentId, String deployment, String fromVersion, String targetVersion, String authorizedBy,
                               RollbackRecord.Status status, Instant authorizedAt, Instant updatedAt, String sourceArchive,
                               String brokenArchive, String failure, List<StepView> steps) {
    }

    @GET
    @Path("/{incidentId}")
    @Authenticated
    public RollbackView get(@PathParam("incidentId") UUID incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RollbackRecord r = RollbackRecord.findById(incidentId);
            if (r == null) {
                throw new jakarta.ws.rs.NotFoundException("no rollback for incident " + incidentId);
            }
            List<StepView> steps = RollbackStep.of(incidentId).stream()
                    .map(s -> new StepView(s.step, s.status, s.startedAt, s.finishedAt, s.outputs)).toList();
            return new RollbackView(r.incidentId, r.deployment, r.fromVersion, r.targetVersion, r.authorizedBy, r.status,
                    r.authorizedAt, r.updatedAt, r.sourceArchive, r.brokenArchive, r.failure, steps);
        });
    }

    /** Goes on from the failed step of a failed rollback (202); every step is safe to repeat. */
    @POST
    @Path("/{incidentId}/retry")
    @RolesAllowed({"tech-lead", "infrastructure-lead"})
    public Response retry(@PathParam("incidentId") UUID incidentId, @jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext caller) {
        return reverter.retry(incidentId, caller.getUserPrincipal().getName());
    }

    /** Puts the broken version back after a failed verification (the restored tree is set aside, not deleted). */
    @POST
    @Path("/{incidentId}/revert")
    @RolesAllowed({"tech-lead", "infrastructure-lead"})
    public Response revert(@PathParam("incidentId") UUID incidentId, @jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext caller) {
        return reverter.revert(incidentId, caller.getUserPrincipal().getName());
    }
}
