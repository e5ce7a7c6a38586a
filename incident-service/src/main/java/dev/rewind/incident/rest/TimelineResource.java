package dev.rewind.incident.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.rewind.events.Role;
import dev.rewind.incident.application.IncidentCommands;
import dev.rewind.incident.application.Timelines;
import dev.rewind.incident.domain.IncidentDecider;
import dev.rewind.incident.timeline.PostMortem;
import dev.rewind.incident.timeline.Timeline;
import io.quarkus.security.Authenticated;

/** The runbook's phase 4 for analysts: the timeline, the post-mortem and its notes, all folded from the stream. */
@Path("/api/v1/incidents")
public class TimelineResource {
    public static final String MARKDOWN = "text/markdown";

    private final Timelines timelines;
    private final IncidentCommands commands;
    private final Caller caller;

    public TimelineResource(Timelines timelines, IncidentCommands commands, Caller caller) {
        this.timelines = timelines;
        this.commands = commands;
        this.caller = caller;
    }

    public record NotesRequest(String rootCause, List<String> lessons, List<String> actionItems, String redeploymentPlan,
                               Instant meetingAt) {
    }

    @GET
    @Path("/{id}/timeline")
    @Produces(MediaType.APPLICATION_JSON)
    @Authenticated
    public byte[] timeline(@PathParam("id") UUID id, @QueryParam("asOf") String asOf) {
        Instant moment = parseAsOf(asOf);
        Timeline timeline = moment == null ? timelines.now(id, Function.identity()) : timelines.asOf(id, moment);
        return timeline.toJsonBytes();
    }

    @GET
    @Path("/{id}/postmortem")
    @Produces(MARKDOWN + ";charset=utf-8")
    @Authenticated
    public String postmortem(@PathParam("id") UUID id) {
        return timelines.now(id, PostMortem::markdown);
    }

    @POST
    @Path("/{id}/postmortem/notes")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Ids.ANALYST, Role.Ids.TECH_LEAD, Role.Ids.INFRASTRUCTURE_LEAD, Role.Ids.QA_LEAD})
    public Response note(@PathParam("id") UUID id, byte[] body) {
        NotesRequest notes = Requests.bind(body, NotesRequest.class);
        commands.note(id, new IncidentDecider.Notes(notes.rootCause(), notes.lessons(), notes.actionItems(), notes.redeploymentPlan(),
                notes.meetingAt()), caller.actor());
        return Response.status(Response.Status.CREATED).entity(timelines.now(id, Timeline::resolution)).build();
    }

    private static Instant parseAsOf(String asOf) {
        if (asOf == null || asOf.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("asOf", "must be an RFC 3339 time like 2026-11-25T10:00:00Z");
        }
    }
}
