package dev.rewind.incident.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.AuthorizationDenied;
import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRefused;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.AuthorizationForm;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.IncidentEvent.IncidentAssessed;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.ManualReason;
import dev.rewind.events.Origin;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Role;
import dev.rewind.events.Signal;
import dev.rewind.events.TriageSeverity;

import static dev.rewind.incident.domain.Decision.Kind.CONFLICT;
import static dev.rewind.incident.domain.Decision.Kind.FORBIDDEN;
import static dev.rewind.incident.domain.Decision.Kind.INVALID;

/**
 * The incident's decisions as pure functions: {@code (state, command) -> new events}. Nothing here
 * reads a clock, a database or a broker; the {@link EventContext} hands in ids and the time.
 */
public final class IncidentDecider {
    public static final String TIER1_ACTOR = "policy:tier1";

    private final EventContext context;

    public IncidentDecider(EventContext context) {
        this.context = context;
    }

    public record Assessment(int usersAffected, Long minutesSinceLastBackup, String dataCreatedSinceDeployment,
                             boolean dataLossAcceptable, String customerImpact, String communicationPlan) {
    }

    /**
     * A classified signal: opens an incident (none open) or raises its tier (never lowers it), then acts
     * on the tier: 1 authorizes at once (if the policy says so), 2 requests authorization and starts the
     * escalation, 3 only monitors.
     */
    public List<RewindEvent> onSignal(Incident incident, Signal signal, Optional<Classification> classification,
                                      DeploymentPolicy policy) {
        if (classification.isEmpty()) {
            return List.of();
        }
        Classification fired = classification.get();
        List<RewindEvent> events = new ArrayList<>();
        UUID incidentId;
        Integer previousTier;
        Incident state = incident;
        if (!incident.isOpen()) {
            incidentId = context.newId();
            IncidentOpened opened = new IncidentOpened(context.newId(), incidentId, now(), signal.deployment(),
                    signal.version(), Origin.SIGNAL, null, fired.rule().describe(), "monitoring");
            events.add(opened);
            state = Incident.NONE.apply(opened);
            previousTier = null;
        } else if (fired.tier() < incident.tier()) {
            incidentId = incident.id();
            previousTier = incident.tier();
        } else {
            return List.of();
        }
        IncidentClassified classified = new IncidentClassified(context.newId(), incidentId, now(), fired.tier(),
                previousTier, fired.rule().describe(), fired.rule().metric(), fired.rule().window().toSeconds(),
                fired.evidence());
        events.add(classified);
        state = state.apply(classified);
        events.addAll(actOnTier(state, policy, fired.rule().describe()));
        return events;
    }

    public List<RewindEvent> openManually(UUID incidentId, String deployment, String version, ManualReason reason,
                                          String description, Actor actor) {
        return List.of(new IncidentOpened(context.newId(), incidentId, now(), deployment, version, Origin.MANUAL, reason,
                description, actor.name()));
    }

    public Decision triage(Incident incident, TriageSeverity severity, Integer estimatedFixMinutes, Actor actor,
                           DeploymentPolicy policy) {
        Optional<Decision> closed = rejectIfClosed(incident);
        if (closed.isPresent()) {
            return closed.get();
        }
        Optional<String> role = Authority.actingRole(actor, incident).filter(r -> !r.equals(Role.Ids.PRODUCT_MANAGER));
        if (role.isEmpty()) {
            return Decision.reject(FORBIDDEN, null, "only a tech lead, an infrastructure lead or (after escalation) "
                    + "the senior on-call engineer may triage", List.of());
        }
        DecisionTree.Outcome outcome = DecisionTree.decide(severity, estimatedFixMinutes, policy.limits());
        IncidentTriaged triaged = new IncidentTriaged(context.newId(), incident.id(), now(), severity, estimatedFixMinutes,
                outcome.decision(), outcome.approvalsNeeded(), actor.name(), role.get(), actor.identity());
        List<RewindEvent> events = new ArrayList<>(List.of(triaged));
        if (outcome.rollsBack() && !incident.isRollbackDecided() && incident.status() != Status.DENIED) {
            if (outcome.approvalsNeeded().isEmpty()) {
                events.add(new RollbackAuthorized(context.newId(), incident.id(), now(), incident.deployment(),
                        incident.version(), null, actor.name(), "triage: " + outcome.decision() + " (" + severity + ")",
                        actor.identity()));
            } else {
                events.add(new AuthorizationRequested(context.newId(), incident.id(), now(), incident.deployment(),
                        incident.tier(), outcome.approvalsNeeded(), "triage: " + outcome.decision() + " (" + severity + ")"));
            }
        }
        return Decision.accept(events);
    }

    public Decision assess(Incident incident, Assessment assessment, Actor actor) {
        Optional<Decision> closed = rejectIfClosed(incident);
        return closed.orElseGet(() -> Decision.accept(List.of(new IncidentAssessed(context.newId(), incident.id(), now(),
                assessment.usersAffected(), assessment.minutesSinceLastBackup(), assessment.dataCreatedSinceDeployment(),
                assessment.dataLossAcceptable(), assessment.customerImpact(), assessment.communicationPlan(), actor.name(),
                actor.identity()))));
    }

    /** The authorization form, with the runbook's decision authority. Idempotent per person. */
    public Decision authorize(Incident incident, AuthorizationForm form, Actor actor) {
        Optional<String> role = Authority.actingRole(actor, incident);
        if (role.isEmpty()) {
            String reason = Authority.whyNot(actor, incident);
            return Decision.reject(FORBIDDEN, null, reason, List.of(new AuthorizationRefused(context.newId(),
                    incident.id(), now(), actor.name(), actor.roles().stream().sorted().toList(), reason, actor.identity())));
        }
        Incident.Approval approval = new Incident.Approval(actor.person(), actor.name(), role.get());
        boolean alreadyApproved = incident.approvals().contains(approval);
        if (form.decision() == AuthorizationForm.Decision.APPROVE && alreadyApproved) {
            return Decision.accept(List.of());
        }
        if (incident.isRollbackDecided()) {
            return Decision.reject(CONFLICT, null, "the rollback is already authorized (" + incident.status() + ")", List.of());
        }
        if (incident.status() == Status.DENIED || incident.status().isClosed()) {
            return Decision.reject(CONFLICT, null, "the incident is " + incident.status(), List.of());
        }
        if (form.dataImpact() == AuthorizationForm.DataImpact.LIKELY && !form.dataLossAccepted()
                && form.decision() == AuthorizationForm.Decision.APPROVE) {
            String reason = "data loss is likely: approve only with dataLossAccepted = true";
            return Decision.reject(INVALID, "dataLossAccepted", reason, List.of(new AuthorizationRefused(context.newId(),
                    incident.id(), now(), actor.name(), actor.roles().stream().sorted().toList(), reason, actor.identity())));
        }
        if (form.decision() == AuthorizationForm.Decision.DENY) {
            return Decision.accept(List.of(new AuthorizationDenied(context.newId(), incident.id(), now(), actor.name(),
                    role.get(), form, actor.identity())));
        }
        AuthorizationGranted granted = new AuthorizationGranted(context.newId(), incident.id(), now(), actor.name(),
                role.get(), form, actor.identity());
        Incident approved = incident.apply(granted);
        List<RewindEvent> events = new ArrayList<>(List.of(granted));
        if (Authority.satisfied(approved, approved.approvals())) {
            String by = approved.approvals().stream().map(a -> a.actor() + " (" + a.role() + ")").distinct()
                    .reduce((a, b) -> a + " and " + b).orElse(actor.name());
            events.add(new RollbackAuthorized(context.newId(), incident.id(), now(), incident.deployment(),
                    incident.version(), null, actor.name(), "authorized by " + by + ": " + form.criticalIssue(), actor.identity()));
        }
        return Decision.accept(events);
    }

    public Decision acknowledge(Incident incident, Actor actor) {
        Optional<Decision> closed = rejectIfClosed(incident);
        if (closed.isPresent()) {
            return closed.get();
        }
        if (incident.acknowledged()) {
            return Decision.accept(List.of());
        }
        String role = actor.roles().stream().sorted().findFirst().orElse("unknown");
        return Decision.accept(List.of(new IncidentAcknowledged(context.newId(), incident.id(), now(), actor.name(), role,
                actor.identity())));
    }

    /** Post-mortem notes: open to analysts and leads at any time, closed incidents included. */
    public Decision note(Incident incident, Notes notes, Actor actor) {
        String role = actor.roles().stream().filter(r -> r.equals(Role.Ids.ANALYST) || r.endsWith("-lead")).sorted().findFirst().orElse(null);
        return Decision.accept(List.of(new PostmortemNoted(context.newId(), incident.id(), now(), actor.name(), role, notes.rootCause(),
                notes.lessons(), notes.actionItems(), notes.redeploymentPlan(), notes.meetingAt(), actor.identity())));
    }

    public record Notes(String rootCause, List<String> lessons, List<String> actionItems, String redeploymentPlan,
                        java.time.Instant meetingAt) {
    }

    /** The escalation steps now due: only while authorization is awaited and nobody acknowledged. */
    public List<RewindEvent> escalate(Incident incident, DeploymentPolicy policy) {
        if (incident.status() != Status.AWAITING_AUTHORIZATION || incident.acknowledged()
                || incident.authorizationRequestedAt() == null) {
            return List.of();
        }
        List<RewindEvent> events = new ArrayList<>();
        List<EscalationStep> steps = policy.escalation();
        for (int level = incident.escalationLevel() + 1; level <= steps.size(); level++) {
            EscalationStep step = steps.get(level - 1);
            Instant due = incident.authorizationRequestedAt().plus(step.after());
            if (due.isAfter(now())) {
                break;
            }
            events.add(new IncidentEscalated(context.newId(), incident.id(), now(), level, step.role(),
                    step.after().isZero() ? "authorization requested: paging at once"
                            : "no response " + step.after().toMinutes() + " min after authorization was requested"));
        }
        return events;
    }

    private List<RewindEvent> actOnTier(Incident incident, DeploymentPolicy policy, String rule) {
        if (incident.isRollbackDecided() || incident.status() == Status.DENIED) {
            return List.of();
        }
        if (incident.tier() == 1 && policy.autoAuthorizeTier1()) {
            return List.of(new RollbackAuthorized(context.newId(), incident.id(), now(), incident.deployment(),
                    incident.version(), null, TIER1_ACTOR, "tier 1: " + rule));
        }
        if (incident.tier() <= 2 && incident.status() != Status.AWAITING_AUTHORIZATION) {
            AuthorizationRequested requested = new AuthorizationRequested(context.newId(), incident.id(), now(),
                    incident.deployment(), incident.tier(), List.of(Role.Ids.TECH_LEAD), "tier " + incident.tier() + ": " + rule);
            List<RewindEvent> events = new ArrayList<>(List.of(requested));
            events.addAll(escalate(incident.apply(requested), policy));
            return events;
        }
        return List.of();
    }

    private static Optional<Decision> rejectIfClosed(Incident incident) {
        if (incident.status().isClosed()) {
            return Optional.of(Decision.reject(CONFLICT, null, "the incident is " + incident.status(), List.of()));
        }
        return Optional.empty();
    }

    private Instant now() {
        return context.now();
    }
}
