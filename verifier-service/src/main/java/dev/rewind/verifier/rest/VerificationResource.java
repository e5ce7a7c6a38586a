package dev.rewind.verifier.rest;

import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.rewind.events.Role;
import dev.rewind.events.VerificationStage;
import dev.rewind.platform.rest.Problem;
import dev.rewind.verifier.application.VerificationView;
import dev.rewind.verifier.application.Verifications;
import io.quarkus.security.Authenticated;

/** Ad hoc verification for operators and drills. */
@Path("/api/v1/verifications")
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {
    private final Verifications verifications;

    public VerificationResource(Verifications verifications) {
        this.verifications = verifications;
    }

    public record Request(String deployment, String directory, String stage, String expectedVersion) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Ids.TECH_LEAD, Role.Ids.INFRASTRUCTURE_LEAD, Role.Ids.SENIOR_ONCALL, Role.Ids.QA_LEAD})
    public Response verify(Request request) {
        if (request == null || request.deployment() == null || request.deployment().isBlank()) {
            return problem("deployment", "is required");
        }
        if (request.directory() == null || !java.nio.file.Path.of(request.directory()).isAbsolute()) {
            return problem("directory", "must be an absolute path");
        }
        VerificationStage stage;
        try {
            stage = request.stage() == null ? VerificationStage.VALIDATION : VerificationStage.valueOf(request.stage().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return problem("stage", "must be VALIDATION or SMOKE");
        }
        return Response.status(Response.Status.CREATED)
                .entity(verifications.adHoc(request.deployment(), request.directory(), stage, request.expectedVersion())).build();
    }

    @GET
    @Path("/{id}")
    @Authenticated
    public VerificationView get(@PathParam("id") UUID id) {
        return verifications.find(id).orElseThrow(() -> new NotFoundException("no verification " + id));
    }

    private static Response problem(String field, String detail) {
        return Problem.of(Response.Status.BAD_REQUEST, field + " " + detail, field);
    }
}
