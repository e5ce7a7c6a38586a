package dev.rewind.incident.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.rewind.events.TriageDecision;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.domain.Status;
import dev.rewind.incident.persistence.IncidentRecord;

/** An incident as the API shows it. */
public record IncidentView(UUID id, String deployment, String version, Status status, Integer tier, Instant openedAt,
                           Instant authorizationRequestedAt, List<String> requiredRoles, TriageDecision decision,
                           List<Incident.Approval> approvals, int escalationLevel, boolean acknowledged,
                           int streamVersion) {

    static IncidentView of(Incident incident) {
        return new IncidentView(incident.id(), incident.deployment(), incident.version(), incident.status(),
                incident.tier() == 0 ? null : incident.tier(), incident.openedAt(), incident.authorizationRequestedAt(),
                incident.requiredRoles(), incident.decision(), incident.approvals(), incident.escalationLevel(),
                incident.acknowledged(), incident.streamVersion());
    }

    static IncidentView of(IncidentRecord record) {
        return new IncidentView(record.id, record.deployment, record.version, record.status,
                record.tier == 0 ? null : record.tier, record.openedAt, null, null, null, null, 0, record.acknowledged,
                record.streamVersion);
    }
}
