package dev.rewind.incident.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.Identity;
import dev.rewind.events.HeightenedOutcome;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringEnded;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringStarted;
import dev.rewind.events.IncidentEvent.HotfixSignedOff;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentResolved;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.Origin;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.ResolutionReason;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.SignOff;
import dev.rewind.events.TriageDecision;
import dev.rewind.events.TriageSeverity;

/**
 * The incident aggregate's state: always the fold of its stream ({@link #replay}). Immutable; every
 * {@link #apply} returns the next state. {@code streamVersion} counts the events folded in: the
 * expected version for the next append. {@code metric} is the metric of the latest classification;
 * {@code statusSince} when the status last changed. A resolved incident stays resolved.
 */
public record Incident(UUID id, String deployment, String version, Origin origin, Status status, Instant statusSince,
                       int tier, String metric, Instant openedAt, Authorization authorization, Triage triage,
                       Escalation escalation, Redeployment redeployment, int streamVersion) {

    /**
     * An approval given through the authorization form: {@code person} tells people apart (issuer + subject
     * where the event records them), {@code actor} is the name shown.
     */
    public record Approval(String person, String actor, String role) {
    }

    /**
     * What authorization was asked for, when first, and the approvals given so far — for the rollback attempt
     * {@code attempt} (a lead's request for another attempt after a failed rollback starts them afresh).
     */
    public record Authorization(Instant requestedAt, List<String> requiredRoles, List<Approval> approvals, int attempt) {
        static final Authorization NONE = new Authorization(null, List.of(), List.of(), 1);
    }

    /** The latest triage: its severity and decision, and who gave it ({@code person} as {@link Approval#person}). */
    public record Triage(TriageSeverity severity, TriageDecision decision, String person, String actor) {
    }

    /** How far the escalation path has paged, whom, and the roles whose paging an acknowledgement stopped. */
    public record Escalation(int level, List<String> escalatedRoles, List<String> acknowledgedRoles) {
        static final Escalation NONE = new Escalation(0, List.of(), List.of());
    }

    /**
     * The life after a rollback: the version the rollback restored ({@code null}: no rollback completed), whether the
     * post-mortem recorded a root cause, the hotfix sign-offs given so far, the hotfix's heightened monitoring, and
     * whether the redeployment is over ({@code concluded}: a lead declared the hotfix deployed, or ended the incident).
     */
    public record Redeployment(String restoredVersion, boolean rootCauseNoted, List<SignedOff> signOffs, HeightenedPeriod heightened,
                               boolean concluded) {
        static final Redeployment NONE = new Redeployment(null, false, List.of(), null, false);

        public boolean rolledBack() {
            return restoredVersion != null;
        }

        /** The sign-offs the version still lacks. */
        public List<SignOff> missing(String version) {
            return Arrays.stream(SignOff.values())
                    .filter(needed -> signOffs.stream().noneMatch(s -> s.version().equals(version) && s.signOff() == needed)).toList();
        }

        /** The hotfix version whose sign-offs were completed last, or null: the one heightened monitoring waits for. */
        public String signedOffVersion() {
            String complete = null;
            for (SignedOff signedOff : signOffs) {
                if (missing(signedOff.version()).isEmpty()) {
                    complete = signedOff.version();
                }
            }
            return complete;
        }

        /** The version whose heightened monitoring is armed or running, or null (none signed off, or its period ended). */
        public String watchedVersion() {
            if (heightened != null) {
                return heightened.outcome() == null ? heightened.version() : null;
            }
            return signedOffVersion();
        }

        Redeployment withRestored(String version) {
            return new Redeployment(version, rootCauseNoted, signOffs, heightened, concluded);
        }

        Redeployment withRootCause() {
            return new Redeployment(restoredVersion, true, signOffs, heightened, concluded);
        }

        Redeployment with(SignedOff signedOff) {
            return new Redeployment(restoredVersion, rootCauseNoted, append(signOffs, signedOff), heightened, concluded);
        }

        Redeployment with(HeightenedPeriod period) {
            return new Redeployment(restoredVersion, rootCauseNoted, signOffs, period, concluded);
        }

        Redeployment over() {
            return new Redeployment(restoredVersion, rootCauseNoted, signOffs, heightened, true);
        }
    }

    /** A hotfix version's heightened monitoring: from its first signal until {@code endsAt}; {@code outcome} once ended. */
    public record HeightenedPeriod(String version, Instant startedAt, Instant endsAt, HeightenedOutcome outcome) {
    }

    /** A sign-off given: for which version, which one, by whom ({@code person} as {@link Approval#person}). */
    public record SignedOff(String version, SignOff signOff, String person, String actor) {
    }

    public static final Incident NONE = new Incident(null, null, null, null, null, null, 0, null, null, Authorization.NONE,
            null, Escalation.NONE, Redeployment.NONE, 0);

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

    public Instant authorizationRequestedAt() {
        return authorization.requestedAt();
    }

    public List<String> requiredRoles() {
        return authorization.requiredRoles();
    }

    public List<Approval> approvals() {
        return authorization.approvals();
    }

    /** The rollback attempt being authorized or run: 1, or more after a lead asked for another attempt. */
    public int attempt() {
        return authorization.attempt();
    }

    public TriageDecision decision() {
        return triage == null ? null : triage.decision();
    }

    public int escalationLevel() {
        return escalation.level();
    }

    public List<String> escalatedRoles() {
        return escalation.escalatedRoles();
    }

    public boolean acknowledged() {
        return !escalation.acknowledgedRoles().isEmpty();
    }

    /**
     * Java 17 has no pattern switch, so dispatch is an exhaustive switch expression over
     * {@link dev.rewind.events.EventType}: a new event type does not compile until it is handled here.
     */
    public Incident apply(RewindEvent event) {
        Instant at = event.occurredAt();
        Incident next = switch (event.type()) {
            case INCIDENT_OPENED -> opened((IncidentOpened) event);
            case INCIDENT_CLASSIFIED -> classified((IncidentClassified) event);
            case INCIDENT_TRIAGED -> triaged((IncidentTriaged) event);
            case INCIDENT_ESCALATED -> escalated((IncidentEscalated) event);
            case INCIDENT_ACKNOWLEDGED -> acknowledged((IncidentAcknowledged) event);
            case INCIDENT_RESOLVED -> resolved((IncidentResolved) event);
            case AUTHORIZATION_REQUESTED -> authorizationRequested((AuthorizationRequested) event);
            case AUTHORIZATION_GRANTED -> granted((AuthorizationGranted) event);
            case AUTHORIZATION_DENIED -> withStatus(Status.DENIED, at);
            case ROLLBACK_AUTHORIZED -> withStatus(Status.AUTHORIZED, at);
            case PHASE_STARTED -> withStatus(status == Status.VERIFYING ? status : Status.ROLLING_BACK, at);
            case VERIFICATION_REQUESTED -> withStatus(Status.VERIFYING, at);
            case ROLLBACK_COMPLETED -> with(redeployment.withRestored(((RollbackCompleted) event).toVersion())).withStatus(Status.RESTORED, at);
            case POSTMORTEM_NOTED -> ((PostmortemNoted) event).rootCause() == null ? this : with(redeployment.withRootCause());
            case HEIGHTENED_MONITORING_STARTED -> heightenedStarted((HeightenedMonitoringStarted) event);
            case HEIGHTENED_MONITORING_ENDED -> heightenedEnded((HeightenedMonitoringEnded) event);
            case HOTFIX_SIGNED_OFF -> signedOff((HotfixSignedOff) event);
            case ROLLBACK_FAILED -> withStatus(Status.ROLLBACK_FAILED, at);
            case INCIDENT_ASSESSED, AUTHORIZATION_REFUSED, STEP_COMPLETED, STEP_FAILED, PHASE_COMPLETED, COMMAND_REFUSED,
                 CHECK_COMPLETED, VERIFICATION_COMPLETED, NOTIFICATION_DELIVERED, NOTIFICATION_FAILED, POSTMORTEM_SCHEDULED -> this;
        };
        return next.withVersion(streamVersion + 1);
    }

    /** Who a person is, as {@link Approval#person} and {@link Triage#person} record it. */
    public static String person(Identity identity, String actor) {
        return identity != null ? identity.key() : actor;
    }

    private Incident opened(IncidentOpened e) {
        return new Incident(e.incidentId(), e.deployment(), e.version(), e.origin(), Status.MONITORING, e.occurredAt(), 0, null,
                e.occurredAt(), Authorization.NONE, null, Escalation.NONE, Redeployment.NONE, streamVersion);
    }

    private Incident classified(IncidentClassified e) {
        return new Incident(id, deployment, version, origin, status, statusSince, e.tier(), e.metric(), openedAt, authorization,
                triage, escalation, redeployment, streamVersion);
    }

    private Incident triaged(IncidentTriaged e) {
        return with(authorization, new Triage(e.severity(), e.decision(), person(e.actorIdentity(), e.actor()), e.actor()), escalation);
    }

    private Incident escalated(IncidentEscalated e) {
        return with(authorization, triage, new Escalation(Math.max(escalation.level(), e.level()),
                append(escalation.escalatedRoles(), e.role()), escalation.acknowledgedRoles()));
    }

    private Incident acknowledged(IncidentAcknowledged e) {
        String role = e.role() == null ? "unknown" : e.role();
        List<String> roles = escalation.acknowledgedRoles().contains(role) ? escalation.acknowledgedRoles()
                : append(escalation.acknowledgedRoles(), role);
        return with(authorization, triage, new Escalation(escalation.level(), escalation.escalatedRoles(), roles));
    }

    private Incident authorizationRequested(AuthorizationRequested e) {
        if (e.attempt() > authorization.attempt()) {
            // another attempt after a failed rollback: a fresh authorization, paged from the start of the path
            return with(new Authorization(e.occurredAt(), e.requiredRoles(), List.of(), e.attempt()), triage, Escalation.NONE)
                    .withStatus(Status.AWAITING_AUTHORIZATION, e.occurredAt());
        }
        Incident requested = with(new Authorization(authorization.requestedAt() == null ? e.occurredAt() : authorization.requestedAt(),
                e.requiredRoles(), authorization.approvals(), authorization.attempt()), triage, escalation);
        return isRollbackDecided() ? requested : requested.withStatus(Status.AWAITING_AUTHORIZATION, e.occurredAt());
    }

    private Incident granted(AuthorizationGranted e) {
        return with(new Authorization(authorization.requestedAt(), authorization.requiredRoles(),
                append(authorization.approvals(), new Approval(person(e.actorIdentity(), e.actor()), e.actor(), e.role())),
                authorization.attempt()), triage, escalation);
    }

    private Incident withStatus(Status next, Instant at) {
        if (status == Status.RESOLVED || next == status) {
            return this;
        }
        return new Incident(id, deployment, version, origin, next, at, tier, metric, openedAt, authorization, triage, escalation,
                redeployment, streamVersion);
    }

    private Incident with(Authorization authorization, Triage triage, Escalation escalation) {
        return new Incident(id, deployment, version, origin, status, statusSince, tier, metric, openedAt, authorization, triage,
                escalation, redeployment, streamVersion);
    }

    private Incident with(Redeployment redeployment) {
        return new Incident(id, deployment, version, origin, status, statusSince, tier, metric, openedAt, authorization, triage,
                escalation, redeployment, streamVersion);
    }

    private Incident signedOff(HotfixSignedOff e) {
        return with(redeployment.with(new SignedOff(e.version(), e.signOff(), person(e.actorIdentity(), e.actor()), e.actor())));
    }

    /**
     * The first ending decides the status; an ending other than a complete checklist also ends the redeployment (a
     * lead's ending after the checklist's is recorded for that alone).
     */
    private Incident resolved(IncidentResolved e) {
        Incident next = withStatus(Status.RESOLVED, e.occurredAt());
        return e.reason() == ResolutionReason.CHECKLIST_COMPLETE ? next : next.with(next.redeployment.over());
    }

    private Incident heightenedStarted(HeightenedMonitoringStarted e) {
        return with(redeployment.with(new HeightenedPeriod(e.version(), e.occurredAt(), e.endsAt(), null)));
    }

    private Incident heightenedEnded(HeightenedMonitoringEnded e) {
        HeightenedPeriod period = redeployment.heightened();
        Instant endsAt = period != null && period.version().equals(e.version()) ? period.endsAt() : e.occurredAt();
        return with(redeployment.with(new HeightenedPeriod(e.version(), e.startedAt(), endsAt, e.outcome())));
    }

    private Incident withVersion(int streamVersion) {
        return new Incident(id, deployment, version, origin, status, statusSince, tier, metric, openedAt, authorization, triage,
                escalation, redeployment, streamVersion);
    }

    /** The list with one more item, unmodifiable. */
    static <T> List<T> append(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }
}
