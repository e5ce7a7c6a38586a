package dev.rewind.incident.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The pages for people: the incidents' list ({@code /incidents}) and an incident's timeline, a Gantt bar per phase and
 * step with decisions and authorizations as markers, refreshed while the rollback runs. The pages hold no data; their
 * scripts read the API with the caller's token (given once as {@code #token=…} or typed in), so they are served to
 * anyone.
 */
@Path("/incidents")
public class IncidentPages {
    private static final String TIMELINE = load("rewind/page/timeline.html");
    private static final String LIST = load("rewind/page/incidents.html");

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Response list() {
        return page(LIST);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Response timeline(@PathParam("id") UUID id) {
        return page(TIMELINE);
    }

    private static Response page(String html) {
        return Response.ok(html)
                .header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                        + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static String load(String resource) {
        try (InputStream in = IncidentPages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
