package dev.rewind.platform.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details ({@code application/problem+json}); {@code field} names the offending input. */
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    public static Response of(Response.Status status, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://rewind.dev/problems/" + status.name().toLowerCase().replace('_', '-'));
        body.put("title", status.getReasonPhrase());
        body.put("status", status.getStatusCode());
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }
}
