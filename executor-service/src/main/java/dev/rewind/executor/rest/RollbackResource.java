package dev.rewind.executor.rest;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.rewind.executor.persistence.RollbackRecord;
import io.quarkus.security.Authenticated;

/** Progress of a rollback, by incident id. */
@Path("/api/v1/rollbacks")
@Produces(MediaType.APPLICATION_JSON)
public class RollbackResource {

    @GET
    @Path("/{incidentId}")
    @Authenticated
    public RollbackRecord get(@PathParam("incidentId") UUID incidentId) {
        RollbackRecord rollback = RollbackRecord.findById(incidentId);
        if (rollback == null) {
            throw new NotFoundException("no rollback for incident " + incidentId);
        }
        return rollback;
    }
}
