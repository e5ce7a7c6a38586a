package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.AuthorizationDenied;
import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRefused;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.AuthorizationEvent;
import dev.rewind.events.AuthorizationForm;
import dev.rewind.events.IncidentEvent.HotfixSignedOff;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.IncidentEvent.IncidentAssessed;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentResolved;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.IncidentEvent.PostmortemScheduled;
import dev.rewind.events.ManualReason;
import dev.rewind.events.Origin;
import dev.rewind.events.ResolutionReason;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Role;
import dev.rewind.events.Signal;
import dev.rewind.events.SignOff;
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
    public static final String RESOLUTION_ACTOR = "policy:resolution";
    /** How long an authorization must have gone unacted on before a lead may resolve its incident. */
    public static final Duration UNACTED_AUTHORIZATION = Duration.ofMinutes(10);

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

    /**
     * The decision tree, with two guards: once authorization was requested a new triage may add required roles, never
     * remove them (BLOCKING counts the triaging lead as a lead's approval, nothing more); and a severity more urgent
     * than the current one needs someone other than whoever set the current one.
     */
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
        Incident.Triage current = incident.triage();
        if (current != null && severity.isMoreUrgentThan(current.severity()) && current.person().equals(actor.person())) {
            return Decision.reject(FORBIDDEN, "severity", "a more urgent severity than " + current.severity() + " needs a second "
                    + "person: " + current.actor() + " set " + current.severity() + " and may not raise it alone", List.of());
        }
        DecisionTree.Outcome outcome = DecisionTree.decide(severity, estimatedFixMinutes, policy.limits());
        IncidentTriaged triaged = new IncidentTriaged(context.newId(), incident.id(), now(), severity, estimatedFixMinutes,
                outcome.decision(), outcome.approvalsNeeded(), actor.name(), role.get(), actor.identity());
        List<RewindEvent> events = new ArrayList<>(List.of(triaged));
        if (outcome.rollsBack() && !incident.isRollbackDecided() && incident.status() != Status.DENIED) {
            String why = "triage: " + outcome.decision() + " (" + severity + ")";
            List<String> required = keptAndAdded(incident, outcome.approvalsNeeded());
            Incident.Approval triager = new Incident.Approval(actor.person(), actor.name(), role.get());
            if (outcome.approvalsNeeded().isEmpty() && (required.isEmpty() || Authority.satisfied(required,
                    Incident.append(incident.approvals(), triager)))) {
                events.add(new RollbackAuthorized(context.newId(), incident.id(), now(), incident.deployment(),
                        incident.version(), null, actor.name(), why, actor.identity(), incident.attempt()));
            } else if (!required.isEmpty() && (incident.authorizationRequestedAt() == null || !required.equals(incident.requiredRoles()))) {
                events.add(new AuthorizationRequested(context.newId(), incident.id(), now(), incident.deployment(),
                        incident.tier(), required, why, incident.attempt()));
            }
        }
        return Decision.accept(events);
    }

    /** The roles already asked for (once authorization was requested they stay), then the new ones. */
    private static List<String> keptAndAdded(Incident incident, List<String> needed) {
        java.util.LinkedHashSet<String> roles = new java.util.LinkedHashSet<>();
        if (incident.authorizationRequestedAt() != null) {
            roles.addAll(incident.requiredRoles());
        }
        roles.addAll(needed);
        return List.copyOf(roles);
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
        if (Authority.satisfied(approved.requiredRoles(), approved.approvals())) {
            String by = approved.approvals().stream().map(a -> a.actor() + " (" + a.role() + ")").distinct()
                    .reduce((a, b) -> a + " and " + b).orElse(actor.name());
            events.add(new RollbackAuthorized(context.newId(), incident.id(), now(), incident.deployment(), incident.version(), null,
                    actor.name(), "authorized by " + by + ": " + form.criticalIssue(), actor.identity(), incident.attempt()));
        }
        return Decision.accept(events);
    }

    /**
     * A lead asks for another rollback attempt after a failed one: a fresh authorization of attempt n + 1 from the
     * roles required before (a tech lead when the first attempt needed none), paged from the start of the path. The
     * executor starts it only where the failed attempt left the broken version in place.
     */
    public Decision requestAttempt(Incident incident, String reason, Actor actor) {
        if (Authority.leadRole(actor).isEmpty()) {
            return Decision.reject(FORBIDDEN, null, "only a tech lead or an infrastructure lead may ask for another rollback attempt",
                    List.of());
        }
        if (incident.status() != Status.ROLLBACK_FAILED) {
            return Decision.reject(CONFLICT, null, "only a failed rollback can be tried again; this incident is " + incident.status(),
                    List.of());
        }
        if (incident.attempt() >= AuthorizationEvent.MAX_ATTEMPTS) {
            return Decision.reject(CONFLICT, null, "this incident had " + incident.attempt() + " rollback attempts, the most one may "
                    + "have: resolve it (STAY_ON_VERSION) and open another", List.of());
        }
        List<String> roles = incident.requiredRoles().isEmpty() ? List.of(Role.Ids.TECH_LEAD) : incident.requiredRoles();
        int attempt = incident.attempt() + 1;
        return Decision.accept(List.of(new AuthorizationRequested(context.newId(), incident.id(), now(), incident.deployment(),
                incident.tier(), roles, "attempt " + attempt + " asked by " + actor.name() + ": " + reason, attempt)));
    }

    /**
     * Stops paging the acknowledger's level of the escalation path, and only that: the leads are still paged when
     * their authorization is awaited. The level is the role the actor was paged as, else the first of their roles.
     */
    public Decision acknowledge(Incident incident, Actor actor) {
        Optional<Decision> closed = rejectIfClosed(incident);
        if (closed.isPresent()) {
            return closed.get();
        }
        String role = incident.escalatedRoles().stream().filter(actor::has).reduce((first, later) -> later)
                .orElseGet(() -> actor.roles().stream().sorted().findFirst().orElse("unknown"));
        if (incident.escalation().acknowledgedRoles().contains(role)) {
            return Decision.accept(List.of());
        }
        return Decision.accept(List.of(new IncidentAcknowledged(context.newId(), incident.id(), now(), actor.name(), role,
                actor.identity())));
    }

    /** Post-mortem notes: open to analysts and leads at any time, closed incidents included. */
    public Decision note(Incident incident, Notes notes, Actor actor) {
        String role = actor.roles().stream().filter(r -> r.equals(Role.Ids.ANALYST) || r.endsWith("-lead")).sorted().findFirst().orElse(null);
        return Decision.accept(List.of(new PostmortemNoted(context.newId(), incident.id(), now(), actor.name(), role, notes.rootCause(),
                notes.lessons(), notes.actionItems(), notes.redeploymentPlan(), notes.meetingAt(), actor.identity())));
    }

    /**
     * A lead schedules the post-mortem meeting (runbook 4.3), at any time, closed incidents included: in the future,
     * within a year; a later one reschedules.
     */
    public Decision schedulePostmortem(Incident incident, Instant meetingAt, int durationMinutes, List<String> participants,
                                       String location, Actor actor) {
        Optional<String> role = Authority.leadRole(actor);
        if (role.isEmpty()) {
            return Decision.reject(FORBIDDEN, null, "only a tech lead or an infrastructure lead may schedule the post-mortem", List.of());
        }
        if (!meetingAt.isAfter(now()) || meetingAt.isAfter(now().plus(Duration.ofDays(366)))) {
            return Decision.reject(INVALID, "meetingAt", "must be in the future, within a year", List.of());
        }
        return Decision.accept(List.of(new PostmortemScheduled(context.newId(), incident.id(), now(), meetingAt, durationMinutes,
                participants, location, actor.name(), role.get(), actor.identity())));
    }

    public record Notes(String rootCause, List<String> lessons, List<String> actionItems, String redeploymentPlan,
                        java.time.Instant meetingAt) {
    }

    /** The escalation steps now due while authorization is awaited; a level whose role acknowledged is not paged. */
    public List<RewindEvent> escalate(Incident incident, DeploymentPolicy policy) {
        if (incident.status() != Status.AWAITING_AUTHORIZATION || incident.authorizationRequestedAt() == null) {
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
            if (incident.escalation().acknowledgedRoles().contains(step.role())) {
                continue;
            }
            events.add(new IncidentEscalated(context.newId(), incident.id(), now(), level, step.role(),
                    step.after().isZero() ? "authorization requested: paging at once"
                            : "no response " + step.after().toMinutes() + " min after authorization was requested"));
        }
        return events;
    }

    /**
     * A lead ends the incident. Not while the executor works on it; an authorization is taken as never acted on
     * only after {@link #UNACTED_AUTHORIZATION}.
     */
    public Decision resolve(Incident incident, ResolutionReason reason, String summary, String hotfixVersion, Actor actor) {
        boolean redeploymentGoesOn = incident.redeployment().rolledBack() && !incident.redeployment().concluded();
        if (incident.status() == Status.RESOLVED && !(redeploymentGoesOn
                && (reason == ResolutionReason.HOTFIX_DEPLOYED || reason == ResolutionReason.LEAD_DECISION))) {
            return Decision.reject(CONFLICT, null, "the incident is already RESOLVED" + (redeploymentGoesOn
                    ? "; its redeployment ends with HOTFIX_DEPLOYED or LEAD_DECISION" : ""), List.of());
        }
        Optional<String> role = Authority.leadRole(actor);
        if (role.isEmpty()) {
            return Decision.reject(FORBIDDEN, null, "only a tech lead or an infrastructure lead may resolve an incident", List.of());
        }
        if (!reason.byPerson()) {
            return Decision.reject(INVALID, "reason", reason + " is recorded by Rewind itself; a lead resolves with "
                    + "LEAD_DECISION, STAY_ON_VERSION or HOTFIX_DEPLOYED", List.of());
        }
        if (incident.status() == Status.ROLLING_BACK || incident.status() == Status.VERIFYING) {
            return Decision.reject(CONFLICT, null, "a rollback is under way (" + incident.status() + "): it ends RESTORED or "
                    + "ROLLBACK_FAILED before the incident can be resolved", List.of());
        }
        if (incident.status() == Status.AUTHORIZED && incident.statusSince().plus(UNACTED_AUTHORIZATION).isAfter(now())) {
            return Decision.reject(CONFLICT, null, "the rollback was authorized at " + incident.statusSince() + " and may still be "
                    + "starting; an authorization nothing acted on can be resolved " + UNACTED_AUTHORIZATION.toMinutes()
                    + " min after it", List.of());
        }
        if (reason == ResolutionReason.HOTFIX_DEPLOYED && incident.redeployment().rolledBack()
                && !incident.redeployment().missing(hotfixVersion).isEmpty()) {
            return Decision.reject(CONFLICT, "hotfixVersion", hotfixVersion + " still lacks the sign-offs "
                    + incident.redeployment().missing(hotfixVersion) + " that a hotfix after this rollback needs", List.of());
        }
        if (reason == ResolutionReason.STAY_ON_VERSION && incident.status() != Status.ROLLBACK_FAILED
                && incident.status() != Status.DENIED) {
            return Decision.reject(INVALID, "reason", "STAY_ON_VERSION ends a failed or a denied rollback; this incident is "
                    + incident.status(), List.of());
        }
        return Decision.accept(List.of(new IncidentResolved(context.newId(), incident.id(), now(), reason, summary,
                hotfixVersion, actor.name(), role.get(), actor.identity())));
    }

    /**
     * One of the runbook's sign-offs for a hotfix after this incident's rollback: only once the rollback completed and
     * the root cause is recorded, in the sign-off's own role, never for the rolled-back version, and each by a
     * different person. The same sign-off by the same person again changes nothing.
     */
    public Decision signOff(Incident incident, SignOff signOff, String version, String note, Actor actor) {
        Incident.Redeployment redeployment = incident.redeployment();
        if (!redeployment.rolledBack()) {
            return Decision.reject(CONFLICT, null, "sign-offs follow a completed rollback; this incident is " + incident.status(), List.of());
        }
        if (redeployment.concluded()) {
            return Decision.reject(CONFLICT, null, "the redeployment after this rollback is over (the incident was resolved "
                    + "by a lead)", List.of());
        }
        if (!actor.has(signOff.role().id())) {
            return Decision.reject(FORBIDDEN, "signOff", signOff + " is given by the " + signOff.role().id(), List.of());
        }
        if (version.equals(incident.version())) {
            return Decision.reject(INVALID, "version", version + " is the version this incident rolled back; sign off a hotfix version",
                    List.of());
        }
        if (!redeployment.rootCauseNoted()) {
            return Decision.reject(CONFLICT, null, "the root cause analysis is not complete: record the root cause in the "
                    + "post-mortem notes first", List.of());
        }
        List<Incident.SignedOff> forVersion = redeployment.signOffs().stream().filter(s -> s.version().equals(version)).toList();
        Optional<Incident.SignedOff> mine = forVersion.stream().filter(s -> s.person().equals(actor.person())).findFirst();
        if (mine.isPresent()) {
            return mine.get().signOff() == signOff ? Decision.accept(List.of()) : Decision.reject(CONFLICT, "signOff", actor.name()
                    + " already signed off " + mine.get().signOff() + " for " + version + "; each sign-off needs a different person", List.of());
        }
        if (forVersion.stream().anyMatch(s -> s.signOff() == signOff)) {
            return Decision.accept(List.of());
        }
        return Decision.accept(List.of(new HotfixSignedOff(context.newId(), incident.id(), now(), incident.deployment(), version, signOff,
                note, actor.name(), signOff.role().id(), actor.identity())));
    }

    /**
     * From when the deployment's activity must be read to tell whether the incident went quiet, if it can end so:
     * a denied incident after {@code deniedQuietFor}; a signal-opened incident not yet rolled back (and whose rollback
     * never failed) after {@code recoveredFor}.
     */
    public Optional<Instant> quietWindowStart(Incident incident, DeploymentPolicy policy) {
        ResolutionPolicy resolution = policy.resolution();
        if (incident.status() == Status.DENIED && !resolution.deniedQuietFor().isZero()) {
            Instant start = now().minus(resolution.deniedQuietFor());
            return incident.statusSince().isAfter(start) ? Optional.empty() : Optional.of(start);
        }
        boolean undecided = incident.status() == Status.MONITORING || incident.status() == Status.AWAITING_AUTHORIZATION;
        // an incident whose rollback failed once waits for its next attempt's decision, however its metric looks
        if (undecided && incident.attempt() == 1 && incident.origin() == Origin.SIGNAL && incident.metric() != null
                && !resolution.recoveredFor().isZero()) {
            return Optional.of(now().minus(resolution.recoveredFor()));
        }
        return Optional.empty();
    }

    /**
     * Ends the incident when its deployment's activity since {@link #quietWindowStart} met no tier rule (and, for a
     * recovery, the metric that classified it kept reporting).
     */
    public List<RewindEvent> resolveIfQuiet(Incident incident, Map<String, MetricActivity> activity, DeploymentPolicy policy) {
        if (quietWindowStart(incident, policy).isEmpty() || activity.values().stream().anyMatch(a -> a.lastBreach() != null)) {
            return List.of();
        }
        if (incident.status() == Status.DENIED) {
            return List.of(resolved(incident, ResolutionReason.QUIET_PERIOD, "no tier rule met for "
                    + policy.resolution().deniedQuietFor() + " since the rollback was denied"));
        }
        MetricActivity metric = activity.get(incident.metric());
        if (metric == null || metric.samples() == 0) {
            return List.of();
        }
        return List.of(resolved(incident, ResolutionReason.METRIC_RECOVERED, incident.metric() + " stayed below every tier for "
                + policy.resolution().recoveredFor() + " (" + metric.samples() + " samples)"));
    }

    /**
     * Ends a restored incident once the runbook's Rollback Coordination Checklist is complete ({@code unchecked} its
     * items no event proved yet); its redeployment goes on.
     */
    public List<RewindEvent> resolveIfChecklistComplete(Incident incident, List<String> unchecked) {
        if (incident.status() != Status.RESTORED || !unchecked.isEmpty()) {
            return List.of();
        }
        return List.of(resolved(incident, ResolutionReason.CHECKLIST_COMPLETE, "every item of the Rollback Coordination "
                + "Checklist is checked; the redeployment gate still asks for the hotfix's sign-offs"));
    }

    private IncidentResolved resolved(Incident incident, ResolutionReason reason, String summary) {
        return new IncidentResolved(context.newId(), incident.id(), now(), reason, summary, null, RESOLUTION_ACTOR, null, null);
    }

    private List<RewindEvent> actOnTier(Incident incident, DeploymentPolicy policy, String rule) {
        if (incident.isRollbackDecided() || incident.status() == Status.DENIED) {
            return List.of();
        }
        if (incident.tier() == 1 && policy.autoAuthorizeTier1()) {
            return List.of(new RollbackAuthorized(context.newId(), incident.id(), now(), incident.deployment(),
                    incident.version(), null, TIER1_ACTOR, "tier 1: " + rule, null, incident.attempt()));
        }
        if (incident.tier() <= 2 && incident.status() != Status.AWAITING_AUTHORIZATION) {
            AuthorizationRequested requested = new AuthorizationRequested(context.newId(), incident.id(), now(),
                    incident.deployment(), incident.tier(), List.of(Role.Ids.TECH_LEAD), "tier " + incident.tier() + ": " + rule,
                    incident.attempt());
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
