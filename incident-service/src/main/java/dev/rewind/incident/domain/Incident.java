package dev.rewind.incident.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.TriageDecision;

/**
 * The incident aggregate's state: always the fold of its stream ({@link #replay}). Immutable; every
 * {@link #apply} returns the next state. {@code streamVersion} counts the events folded in: the
 * expected version for the next append.
 */
public record Incident(UUID id, String deployment, String version, Status status, int tier,
                       Instant openedAt, Instant authorizationRequestedAt, List<String> requiredRoles,
                       TriageDecision decision, List<Approval> approvals, int escalationLevel,
                       List<String> escalatedRoles, boolean acknowledged, int streamVersion) {

    /**
     * An approval given through the authorization form: {@code person} tells people apart (issuer + subject
     * where the event records them), {@code actor} is the name shown.
     */
    public record Approval(String person, String actor, String role) {
    }

    public static final Incident NONE = new Incident(null, null, null, null, 0, null, null, List.of(), null,
            List.of(), 0, List.of(), false, 0);

    public static Incident replay(List<? extends RewindEvent> stream) {
        Incident state = NONE;
        for (RewindEvent event : stream) {
            state = state.apply(event);
        }
        return state;
    }

    public boolean exists() {
        return id != null;
    }

    public boolean isOpen() {
        return exists() && !status.isClosed();
    }

    public boolean isRollbackDecided() {
        return status == Status.AUTHORIZED || status == Status.ROLLING_BACK || status == Status.VERIFYING
                || status == Status.RESTORED || status == Status.ROLLBACK_FAILED;
    }

    /**
     * Java 17 has no pattern switch, so dispatch is an exhaustive switch expression over
     * {@link dev.rewind.events.EventType}: a new event type does not compile until it is handled here.
     */
    public Incident apply(RewindEvent event) {
        Incident next = switch (event.type()) {
            case INCIDENT_OPENED -> opened((IncidentOpened) event);
            case INCIDENT_CLASSIFIED -> with(status, ((IncidentClassified) event).tier(), authorizationRequestedAt,
                    requiredRoles, decision, approvals, escalationLevel, escalatedRoles, acknowledged);
            case INCIDENT_TRIAGED -> with(status, tier, authorizationRequestedAt, requiredRoles,
                    ((IncidentTriaged) event).decision(), approvals, escalationLevel, escalatedRoles, acknowledged);
            case INCIDENT_ESCALATED -> escalated((IncidentEscalated) event);
            case INCIDENT_ACKNOWLEDGED -> with(status, tier, authorizationRequestedAt, requiredRoles, decision, approvals,
                    escalationLevel, escalatedRoles, true);
            case INCIDENT_RESOLVED -> withStatus(Status.RESOLVED);
            case AUTHORIZATION_REQUESTED -> authorizationRequested((AuthorizationRequested) event);
            case AUTHORIZATION_GRANTED -> granted((AuthorizationGranted) event);
            case AUTHORIZATION_DENIED -> withStatus(Status.DENIED);
            case ROLLBACK_AUTHORIZED -> withStatus(Status.AUTHORIZED);
            case PHASE_STARTED -> withStatus(status == Status.VERIFYING ? status : Status.ROLLING_BACK);
            case VERIFICATION_REQUESTED -> withStatus(Status.VERIFYING);
            case ROLLBACK_COMPLETED -> withStatus(Status.RESTORED);
            case ROLLBACK_FAILED -> withStatus(Status.ROLLBACK_FAILED);
            case INCIDENT_ASSESSED, AUTHORIZATION_REFUSED, STEP_COMPLETED, STEP_FAILED, PHASE_COMPLETED, COMMAND_REFUSED,
                 CHECK_COMPLETED, VERIFICATION_COMPLETED, NOTIFICATION_DELIVERED, NOTIFICATION_FAILED, POSTMORTEM_NOTED -> this;
        };
        return next.withVersion(streamVersion + 1);
    }

    private Incident opened(IncidentOpened e) {
        return new Incident(e.incidentId(), e.deployment(), e.version(), Status.MONITORING, 0, e.occurredAt(), null,
                List.of(), null, List.of(), 0, List.of(), false, streamVersion);
    }

    private Incident escalated(IncidentEscalated e) {
        return with(status, tier, authorizationRequestedAt, requiredRoles, decision, approvals,
                Math.max(escalationLevel, e.level()), append(escalatedRoles, e.role()), acknowledged);
    }

    private Incident authorizationRequested(AuthorizationRequested e) {
        return with(isRollbackDecided() ? status : Status.AWAITING_AUTHORIZATION, tier,
                authorizationRequestedAt == null ? e.occurredAt() : authorizationRequestedAt, e.requiredRoles(),
                decision, approvals, escalationLevel, escalatedRoles, acknowledged);
    }

    private Incident granted(AuthorizationGranted e) {
        return with(status, tier, authorizationRequestedAt, requiredRoles, decision,
                append(approvals, new Approval(e.actorIdentity() != null ? e.actorIdentity().key() : e.actor(), e.actor(), e.role())), escalationLevel, escalatedRoles, acknowledged);
    }

    private Incident withStatus(Status next) {
        return with(next, tier, authorizationRequestedAt, requiredRoles, decision, approvals, escalationLevel,
                escalatedRoles, acknowledged);
    }

    private Incident with(Status status, int tier, Instant authorizationRequestedAt, List<String> requiredRoles,
                          TriageDecision decision, List<Approval> approvals, int escalationLevel,
                          List<String> escalatedRoles, boolean acknowledged) {
        return new Incident(id, deployment, version, status, tier, openedAt, authorizationRequestedAt, requiredRoles,
                decision, approvals, escalationLevel, escalatedRoles, acknowledged, streamVersion);
    }

    private Incident withVersion(int version) {
        return new Incident(id, deployment, this.version, status, tier, openedAt, authorizationRequestedAt,
                requiredRoles, decision, approvals, escalationLevel, escalatedRoles, acknowledged, version);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }
}
