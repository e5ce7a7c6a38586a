package dev.rewind.incident.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.rewind.events.AuthorizationEvent.AuthorizationDenied;
import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRefused;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.EventJson;
import dev.rewind.incident.timeline.Timeline.Authorization;
import dev.rewind.incident.timeline.Timeline.AuthorizationEntry;

/** Who was asked, who approved, denied or was refused (with the forms they filled in), and the go signal. */
final class AuthorizationFold implements SectionFold<Authorization> {
    private Instant requestedAt;
    private List<String> requiredRoles = List.of();
    private final List<AuthorizationEntry> entries = new ArrayList<>();
    private String authorizedBy;
    private Instant authorizedAt;
    private final List<UUID> eventIds = new ArrayList<>();

    @Override
    public void apply(RewindEvent event) {
        if (event instanceof AuthorizationRequested requested) {
            requestedAt = requestedAt == null ? event.occurredAt() : requestedAt;
            requiredRoles = requested.requiredRoles();
            entry(event, requested.attempt() == 1 ? "requested" : "requested for attempt " + requested.attempt(), null,
                    String.join(", ", requested.requiredRoles()), requested.attempt() == 1 || requested.reason() == null ? null
                            : Map.of("reason", requested.reason()));
        } else if (event instanceof AuthorizationGranted granted) {
            entry(event, "granted", granted.actor(), granted.role(), form(granted.form()));
        } else if (event instanceof AuthorizationDenied denied) {
            entry(event, "denied", denied.actor(), denied.role(), form(denied.form()));
        } else if (event instanceof AuthorizationRefused refused) {
            entry(event, "refused", refused.actor(), String.join(", ", refused.roles()), Map.of("reason", refused.reason()));
        } else if (event instanceof RollbackAuthorized authorized) {
            authorizedBy = authorized.actor();
            authorizedAt = event.occurredAt();
            entry(event, authorized.attempt() == 1 ? "rollback authorized" : "rollback attempt " + authorized.attempt() + " authorized",
                    authorized.actor(), null,
                    authorized.reason() == null ? null : Map.of("reason", authorized.reason()));
        }
    }

    private void entry(RewindEvent event, String kind, String actor, String role, Map<String, Object> form) {
        entries.add(new AuthorizationEntry(event.occurredAt(), kind, actor, role, form, event.eventId()));
        eventIds.add(event.eventId());
    }

    private static Map<String, Object> form(Object form) {
        return EventJson.MAPPER.convertValue(form, new TypeReference<>() {
        });
    }

    @Override
    public Authorization section() {
        return new Authorization(requestedAt, requiredRoles, List.copyOf(entries), authorizedBy, authorizedAt, List.copyOf(eventIds));
    }
}
