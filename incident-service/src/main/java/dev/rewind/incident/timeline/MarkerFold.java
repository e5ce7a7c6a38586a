package dev.rewind.incident.timeline;

import java.util.ArrayList;
import java.util.List;

import dev.rewind.events.AuthorizationEvent.AuthorizationDenied;
import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringEnded;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringStarted;
import dev.rewind.events.IncidentEvent.HotfixSignedOff;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.PostmortemScheduled;
import dev.rewind.events.IncidentEvent.IncidentResolved;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.PhaseEvent.CommandRefused;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.incident.timeline.Timeline.Marker;

/** The points the page marks on the time axis: decisions, escalations, authorizations, verdicts, the outcome. */
final class MarkerFold implements SectionFold<List<Marker>> {
    private final List<Marker> markers = new ArrayList<>();

    @Override
    public void apply(RewindEvent event) {
        if (event instanceof IncidentOpened opened) {
            mark(event, "detection", "incident opened (" + DetectionFold.how(opened.origin()) + ")");
        } else if (event instanceof IncidentClassified classified) {
            mark(event, "decision", "tier " + classified.tier() + ": " + classified.rule());
        } else if (event instanceof IncidentTriaged triaged) {
            mark(event, "decision", "triage " + triaged.severity() + " → " + triaged.decision() + " by " + triaged.actor());
        } else if (event instanceof IncidentEscalated escalated) {
            mark(event, "escalation", "escalated to " + escalated.role() + " (level " + escalated.level() + ")");
        } else if (event instanceof IncidentAcknowledged acknowledged) {
            mark(event, "acknowledgement", "acknowledged by " + acknowledged.actor()
                    + (acknowledged.role() == null ? "" : " (paging of " + acknowledged.role() + " stopped)"));
        } else if (event instanceof PostmortemScheduled scheduled) {
            mark(event, "postmortem", "post-mortem scheduled for " + scheduled.meetingAt() + " by " + scheduled.actor());
        } else if (event instanceof HotfixSignedOff signed) {
            mark(event, "redeployment", signed.version() + " " + signed.signOff() + " by " + signed.actor() + " (" + signed.role() + ")");
        } else if (event instanceof HeightenedMonitoringStarted started) {
            mark(event, "redeployment", "heightened monitoring of " + started.version() + " until " + started.endsAt());
        } else if (event instanceof HeightenedMonitoringEnded ended) {
            mark(event, "redeployment", "heightened monitoring of " + ended.version() + " ended: " + ended.outcome()
                    + (ended.incidentsOpened().isEmpty() ? "" : " (" + ended.incidentsOpened().size() + " incident(s) opened)"));
        } else if (event instanceof IncidentResolved resolved) {
            mark(event, "outcome", "ended: " + resolved.reason() + " by " + resolved.actor());
        } else if (event instanceof AuthorizationRequested requested) {
            mark(event, "authorization", (requested.attempt() == 1 ? "" : "attempt " + requested.attempt() + ": ")
                    + "authorization requested from " + String.join(", ", requested.requiredRoles()));
        } else if (event instanceof AuthorizationGranted granted) {
            mark(event, "authorization", "approved by " + granted.actor() + " (" + granted.role() + ")");
        } else if (event instanceof AuthorizationDenied denied) {
            mark(event, "authorization", "denied by " + denied.actor() + " (" + denied.role() + ")");
        } else if (event instanceof RollbackAuthorized authorized) {
            mark(event, "authorization", (authorized.attempt() == 1 ? "" : "attempt " + authorized.attempt() + ": ")
                    + "rollback authorized by " + authorized.actor());
        } else if (event instanceof VerificationCompleted verdict) {
            mark(event, "verification", verdict.stage() + " " + verdict.verdict());
        } else if (event instanceof RollbackCompleted completed) {
            mark(event, "outcome", "restored " + completed.toVersion());
        } else if (event instanceof RollbackFailed failed) {
            mark(event, "outcome", "rollback failed: " + failed.reason());
        } else if (event instanceof CommandRefused refused) {
            mark(event, "security", "executor refused an unproven " + (refused.refusedType() == null ? "record" : refused.refusedType())
                    + " on " + refused.topic() + ": " + refused.reason());
        }
    }

    private void mark(RewindEvent event, String kind, String label) {
        markers.add(new Marker(event.occurredAt(), kind, label, event.eventId()));
    }

    @Override
    public List<Marker> section() {
        return List.copyOf(markers);
    }
}
