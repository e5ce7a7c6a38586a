package dev.rewind.incident.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Names;
import dev.rewind.incident.application.IncidentQueries;
import dev.rewind.incident.domain.RedeploymentGate;
import io.quarkus.security.Authenticated;

/** What a deployment pipeline asks before it deploys: the redeployment gate. */
@Path("/api/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentResource {
    private final IncidentQueries queries;

    public DeploymentResource(IncidentQueries queries) {
        this.queries = queries;
    }

    /** 200 with the verdict when the version may be deployed, 409 with the verdict (and its reasons) when not. */
    @GET
    @Path("/{name}/gate")
    @Authenticated
    public Response gate(@PathParam("name") String name, @QueryParam("version") String version) {
        try {
            Names.deployment(name, "name");
            Names.version(version, "version");
        } catch (InvalidEventException e) {
            throw new BadRequestException(e.field(), e.problem());
        }
        RedeploymentGate.Verdict verdict = queries.gate(name, version);
        return Response.status(verdict.allowed() ? Response.Status.OK : Response.Status.CONFLICT).entity(verdict).build();
    }
}
