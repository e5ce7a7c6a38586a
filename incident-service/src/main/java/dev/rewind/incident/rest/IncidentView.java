package dev.rewind.incident.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.rewind.events.TriageDecision;
import dev.rewind.incident.application.IncidentQueries;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.domain.Status;

/**
 * An incident as the API shows it; {@code attempts}: the rollback attempts asked for (1 unless a lead asked for more);
 * {@code redeploymentOver}: after a rollback, whether a lead ended its redeployment (the gate then asks no sign-offs).
 */
public record IncidentView(UUID id, String deployment, String version, Status status, Integer tier, Instant openedAt,
                           Instant authorizationRequestedAt, List<String> requiredRoles, TriageDecision decision,
                           List<Incident.Approval> approvals, int escalationLevel, boolean acknowledged,
                           String restoredVersion, boolean redeploymentOver, int attempts, int streamVersion) {

    static IncidentView of(Incident incident) {
        return new IncidentView(incident.id(), incident.deployment(), incident.version(), incident.status(),
                incident.tier() == 0 ? null : incident.tier(), incident.openedAt(), incident.authorizationRequestedAt(),
                incident.requiredRoles(), incident.decision(), incident.approvals(), incident.escalationLevel(),
                incident.acknowledged(), incident.redeployment().restoredVersion(), incident.redeployment().concluded(), incident.attempt(),
                incident.streamVersion());
    }

    static IncidentView of(IncidentQueries.Listed listed) {
        return new IncidentView(listed.id(), listed.deployment(), listed.version(), listed.status(),
                listed.tier() == 0 ? null : listed.tier(), listed.openedAt(), null, null, null, null, 0, listed.acknowledged(),
                listed.restoredVersion(), listed.redeploymentOver(), listed.attempts(), listed.streamVersion());
    }
}
