package dev.rewind.incident.rest;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.events.AuthorizationForm;
import dev.rewind.events.Role;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.EventJson;
import dev.rewind.incident.application.IncidentCommands;
import dev.rewind.incident.application.IncidentQueries;
import dev.rewind.incident.application.IncidentStreams;
import dev.rewind.incident.domain.Decision;
import dev.rewind.incident.domain.IncidentDecider;
import dev.rewind.incident.domain.Status;
import io.quarkus.security.Authenticated;

/** The incident endpoints of ARCHITECTURE.md. Resources only translate HTTP to application calls. */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {
    private final IncidentCommands commands;
    private final IncidentStreams streams;
    private final IncidentQueries queries;
    private final Caller caller;

    public IncidentResource(IncidentCommands commands, IncidentStreams streams, IncidentQueries queries, Caller caller) {
        this.commands = commands;
        this.streams = streams;
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Authenticated
    public List<IncidentView> list(@QueryParam("status") String status, @QueryParam("limit") String limit) {
        return queries.list(status == null ? null : parseStatus(status), limit == null ? null : parseLimit(limit)).stream()
                .map(IncidentView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Authenticated
    public IncidentView get(@PathParam("id") UUID id) {
        return IncidentView.of(commands.get(id));
    }

    @POST
    @RolesAllowed({Role.Ids.TECH_LEAD, Role.Ids.INFRASTRUCTURE_LEAD})
    @Consumes(MediaType.WILDCARD)
    public Response open(byte[] body) {
        Requests.ManualIncident request = Requests.bind(body, Requests.ManualIncident.class);
        try {
            return Response.status(Response.Status.CREATED).entity(IncidentView.of(commands.open(request.deployment(),
                    request.version(), request.reason(), request.description(), caller.actor()))).build();
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    @POST
    @Path("/{id}/triage")
    @Authenticated
    @Consumes(MediaType.WILDCARD)
    public Response triage(@PathParam("id") UUID id, byte[] body) {
        Requests.Triage request = Requests.bind(body, Requests.Triage.class);
        return respond(id, commands.triage(id, request.severity(), request.estimatedFixMinutes(), caller.actor()));
    }

    @POST
    @Path("/{id}/assessment")
    @RolesAllowed({Role.Ids.TECH_LEAD, Role.Ids.INFRASTRUCTURE_LEAD, Role.Ids.SENIOR_ONCALL, Role.Ids.PRODUCT_MANAGER, Role.Ids.QA_LEAD})
    @Consumes(MediaType.WILDCARD)
    public Response assess(@PathParam("id") UUID id, byte[] body) {
        Requests.Assessment r = Requests.bind(body, Requests.Assessment.class);
        return respond(id, commands.assess(id, new IncidentDecider.Assessment(r.usersAffected(), r.minutesSinceLastBackup(),
                r.dataCreatedSinceDeployment(), r.dataLossAcceptable(), r.customerImpact(), r.communicationPlan()), caller.actor()));
    }

    /** Open to every authenticated caller so that an ineligible attempt is recorded before it is refused. */
    @POST
    @Path("/{id}/authorizations")
    @Authenticated
    @Consumes(MediaType.WILDCARD)
    public Response authorize(@PathParam("id") UUID id, byte[] body) {
        AuthorizationForm form = Requests.bind(body, AuthorizationForm.class);
        return respond(id, commands.authorize(id, form, caller.actor()));
    }

    @POST
    @Path("/{id}/acknowledgements")
    @RolesAllowed({Role.Ids.TECH_LEAD, Role.Ids.INFRASTRUCTURE_LEAD, Role.Ids.SENIOR_ONCALL})
    public Response acknowledge(@PathParam("id") UUID id) {
        return respond(id, commands.acknowledge(id, caller.actor()));
    }

    /** Ends the incident: leads only (the decider refuses anyone else with a problem naming why). */
    @POST
    @Path("/{id}/resolution")
    @Authenticated
    @Consumes(MediaType.WILDCARD)
    public Response resolve(@PathParam("id") UUID id, byte[] body) {
        Requests.Resolution request = Requests.bind(body, Requests.Resolution.class);
        return respond(id, commands.resolve(id, request.reason(), request.summary(), request.hotfixVersion(), caller.actor()));
    }

    /**
     * A lead asks for another attempt of a failed rollback: a fresh authorization (the decider refuses anyone else,
     * and any incident whose rollback did not fail).
     */
    @POST
    @Path("/{id}/rollback-attempts")
    @Authenticated
    @Consumes(MediaType.WILDCARD)
    public Response requestAttempt(@PathParam("id") UUID id, byte[] body) {
        Requests.RollbackAttempt request = Requests.bind(body, Requests.RollbackAttempt.class);
        return respond(id, commands.requestAttempt(id, request.reason(), caller.actor()));
    }

    /** A lead schedules the post-mortem meeting; the notifier invites the participants' roles (iCalendar by mail). */
    @POST
    @Path("/{id}/postmortem/meeting")
    @Authenticated
    @Consumes(MediaType.WILDCARD)
    public Response schedulePostmortem(@PathParam("id") UUID id, byte[] body) {
        Requests.PostmortemMeeting meeting = Requests.bind(body, Requests.PostmortemMeeting.class);
        return respond(id, commands.schedulePostmortem(id, meeting.meetingAt(), meeting.durationMinutes(), meeting.participants(),
                meeting.location(), caller.actor()));
    }

    /** A hotfix sign-off after this incident's rollback: by the sign-off's own role (the decider refuses anyone else). */
    @POST
    @Path("/{id}/sign-offs")
    @Authenticated
    @Consumes(MediaType.WILDCARD)
    public Response signOff(@PathParam("id") UUID id, byte[] body) {
        Requests.HotfixSignOff request = Requests.bind(body, Requests.HotfixSignOff.class);
        return respond(id, commands.signOff(id, request.signOff(), request.version(), request.note(), caller.actor()));
    }

    /** The raw stream as structured CloudEvents, each with its global {@code position}; page with {@code after}. */
    @GET
    @Path("/{id}/events")
    @Authenticated
    public ArrayNode events(@PathParam("id") UUID id, @QueryParam("after") @DefaultValue("0") long after,
                            @QueryParam("limit") @DefaultValue("1000") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new BadRequestException("limit", "must be between 1 and 10000");
        }
        List<IncidentQueries.Positioned> events = queries.eventsAfter(id, after, limit);
        if (events.isEmpty() && after == 0 && !commands.exists(id)) {
            throw new dev.rewind.incident.application.IncidentNotFoundException(id);
        }
        ArrayNode array = EventJson.MAPPER.createArrayNode();
        for (IncidentQueries.Positioned stored : events) {
            ObjectNode json = (ObjectNode) EventJson.parseObject(new CloudEventCodec(stored.source()).encode(stored.event()));
            json.put("position", stored.position());
            array.add(json);
        }
        return array;
    }

    private Response respond(UUID id, Decision decision) {
        return Decisions.toResponse(decision, streams.load(id));
    }

    private static int parseLimit(String limit) {
        try {
            int parsed = Integer.parseInt(limit);
            if (parsed >= 1 && parsed <= 10_000) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below, as any other bad value
        }
        throw new BadRequestException("limit", "must be a whole number between 1 and 10000");
    }

    private static Status parseStatus(String status) {
        try {
            return Status.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status", "must be one of " + List.of(Status.values()));
        }
    }
}
