package dev.rewind.executor.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.rewind.events.Role;
import dev.rewind.executor.application.RollbackProgress;
import dev.rewind.executor.application.RollbackReverter;
import io.quarkus.security.Authenticated;

/** Live progress of a rollback, and the operator's way back after a failed verification. */
@Path("/api/v1/rollbacks")
@Produces(MediaType.APPLICATION_JSON)
public class RollbackResource {
    private final RollbackReverter reverter;
    private final RollbackProgress progress;

    public RollbackResource(RollbackReverter reverter, RollbackProgress progress) {
        this.reverter = reverter;
        this.progress = progress;
    }

    @GET
    @Path("/{incidentId}")
    @Authenticated
    public RollbackProgress.RollbackView get(@PathParam("incidentId") UUID incidentId) {
        return progress.of(incidentId).orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no rollback for incident " + incidentId));
    }

    /** Goes on from the failed step of a failed rollback (202); every step is safe to repeat. */
    @POST
    @Path("/{incidentId}/retry")
    @RolesAllowed({Role.Ids.TECH_LEAD, Role.Ids.INFRASTRUCTURE_LEAD})
    public Response retry(@PathParam("incidentId") UUID incidentId, @jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext caller) {
        return reverter.retry(incidentId, caller.getUserPrincipal().getName());
    }

    /** Puts the broken version back after a failed verification (the restored tree is set aside, not deleted). */
    @POST
    @Path("/{incidentId}/revert")
    @RolesAllowed({Role.Ids.TECH_LEAD, Role.Ids.INFRASTRUCTURE_LEAD})
    public Response revert(@PathParam("incidentId") UUID incidentId, @jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext caller) {
        return reverter.revert(incidentId, caller.getUserPrincipal().getName());
    }
}
