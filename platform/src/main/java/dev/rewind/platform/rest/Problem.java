package dev.rewind.platform.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details ({@code application/problem+json}); {@code field} names the offending input. */
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** 422: well-formed input that the rules do not take (JAX-RS has no constant for it). */
    public static final Response.StatusType UNPROCESSABLE = new Response.StatusType() {
        @Override
        public int getStatusCode() {
            return 422;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Unprocessable Content";
        }
    };

    private Problem() {
    }

    public static Response of(Response.StatusType status, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://rewind.dev/problems/" + status.getReasonPhrase().toLowerCase().replace(' ', '-'));
        body.put("title", status.getReasonPhrase());
        body.put("status", status.getStatusCode());
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }
}
