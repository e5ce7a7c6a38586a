package dev.rewind.incident.rest;

import jakarta.ws.rs.core.Response;

import dev.rewind.platform.rest.Problem;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.OversizedInputException;
import dev.rewind.incident.domain.SignalRefusedException;
import dev.rewind.incident.application.IncidentNotFoundException;

/** Every rejected request gets a problem document, never a stack trace or an empty body. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidEventException e) {
        Response.StatusType status = e instanceof OversizedInputException ? Response.Status.REQUEST_ENTITY_TOO_LARGE
                : e instanceof SignalRefusedException ? Problem.UNPROCESSABLE : Response.Status.BAD_REQUEST;
        return Problem.of(status, e.getMessage(), e.field());
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return Problem.of(Response.Status.BAD_REQUEST, e.getMessage(), e.field());
    }

    @ServerExceptionMapper
    public Response notFound(IncidentNotFoundException e) {
        return Problem.of(Response.Status.NOT_FOUND, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problem.of(Response.Status.CONFLICT, e.getMessage(), null);
    }
}
