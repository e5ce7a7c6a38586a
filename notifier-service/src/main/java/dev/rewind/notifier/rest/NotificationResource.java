package dev.rewind.notifier.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.rewind.notifier.delivery.DeliveryAttempt;
import dev.rewind.notifier.delivery.DeliveryRecord;
import dev.rewind.platform.rest.Problem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;

/** The delivery log of an incident: every message, its channel, its status and every attempt. */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class NotificationResource {

    public record AttemptView(int attempt, Instant startedAt, long durationMs, String outcome, String detail) {
    }

    public record NotificationView(String key, UUID incidentId, UUID sourceEventId, String eventType, String recipient,
                                   String channel, String pagerAction, String subject, String status, int attempts,
                                   String lastError, Instant createdAt, Instant finishedAt, List<AttemptView> history) {
    }

    @GET
    public Response list(@QueryParam("incident") String incident) {
        UUID incidentId;
        try {
            incidentId = UUID.fromString(incident == null ? "" : incident);
        } catch (IllegalArgumentException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "incident must be the incident's id (a UUID)", "incident");
        }
        return Response.ok(QuarkusTransaction.requiringNew().call(() -> views(incidentId))).build();
    }

    private static List<NotificationView> views(UUID incidentId) {
        List<DeliveryRecord> deliveries = DeliveryRecord.list("incidentId = ?1 order by createdAt, key", incidentId);
        if (deliveries.isEmpty()) {
            return List.of();
        }
        Map<String, List<AttemptView>> attempts = DeliveryAttempt.<DeliveryAttempt>list(
                        "deliveryKey in ?1 order by attempt", deliveries.stream().map(d -> d.key).toList()).stream()
                .collect(Collectors.groupingBy(a -> a.deliveryKey,
                        Collectors.mapping(a -> new AttemptView(a.attempt, a.startedAt, a.durationMs, a.outcome, a.detail), Collectors.toList())));
        return deliveries.stream().map(d -> new NotificationView(d.key, d.incidentId, d.sourceEventId, d.eventType, d.recipient,
                d.channel, d.pagerAction, d.subject, d.status, d.attempts, d.lastError, d.createdAt, d.finishedAt,
                attempts.getOrDefault(d.key, List.of()))).toList();
    }
}
