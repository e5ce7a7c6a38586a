package dev.rewind.incident.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import dev.rewind.platform.rest.Problem;

import dev.rewind.incident.domain.Decision;
import dev.rewind.incident.domain.Incident;

/** How a decider's verdict reads over HTTP. */
final class Decisions {

    private Decisions() {
    }

    static Response toResponse(Decision decision, Incident after) {
        if (decision.accepted()) {
            return Response.ok(Map.of(
                    "incident", IncidentView.of(after),
                    "events", decision.events().stream().map(e -> e.type().shortName()).toList())).build();
        }
        Decision.Rejection rejection = decision.rejection();
        Response.Status status = switch (rejection.kind()) {
            case FORBIDDEN -> Response.Status.FORBIDDEN;
            case INVALID -> Response.Status.BAD_REQUEST;
            case CONFLICT -> Response.Status.CONFLICT;
        };
        return Problem.of(status, rejection.message(), rejection.field());
    }
}
