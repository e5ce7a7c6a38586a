package dev.rewind.incident.rest;

import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.rewind.events.Role;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.incident.application.SignalIntake;

/** {@code POST /api/v1/signals}: a bare signal object or a structured CloudEvent. */
@Path("/api/v1/signals")
public class SignalResource {
    private final SignalIntake intake;

    public SignalResource(SignalIntake intake) {
        this.intake = intake;
    }

    @POST
    @RolesAllowed(Role.Ids.SIGNAL_PUBLISHER)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(@HeaderParam("Content-Type") String contentType, byte[] body) {
        RecordHeaders headers = new RecordHeaders();
        if (contentType != null) {
            headers.add(CloudEventCodec.CONTENT_TYPE_HEADER, contentType.getBytes(StandardCharsets.UTF_8));
        }
        return Response.accepted(intake.accept(CloudEventCodec.receiveSignal(headers, body))).build();
    }
}
