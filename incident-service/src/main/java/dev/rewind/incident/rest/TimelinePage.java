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
 * The timeline as a page for people: a Gantt bar per phase and step, decisions and authorizations as
 * markers, refreshed while the rollback runs. The page holds no data; its script reads the timeline
 * with the caller's token (given once as {@code #token=…} or typed in), so it is served to anyone.
 */
@Path("/incidents")
public class TimelinePage {
    private static final String PAGE = load();

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Response page(@PathParam("id") UUID id) {
        return Response.ok(PAGE)
                .header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                        + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static String load() {
        try (InputStream in = TimelinePage.class.getClassLoader().getResourceAsStream("rewind/page/timeline.html")) {
            if (in == null) {
                throw new IllegalStateException("rewind/page/timeline.html is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
