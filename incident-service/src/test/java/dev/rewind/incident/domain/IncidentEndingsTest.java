package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.AuthorizationForm;
import dev.rewind.events.AuthorizationForm.DataImpact;
import dev.rewind.events.Identity;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentResolved;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.ResolutionReason;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Role;
import dev.rewind.events.Sample;
import dev.rewind.events.Signal;
import dev.rewind.events.TriageDecision;
import dev.rewind.events.TriageSeverity;

import static dev.rewind.incident.domain.FixedContext.id;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How incidents end, and approvals that cannot be talked down (issue 19, parts 1 and 3): given the events so far,
 * when a command or the quiet-signal check, then exactly these events, or this refusal. No broker, no database.
 */
class IncidentEndingsTest extends DeciderScenario {
    static final Actor BOB = new Actor("bob", Set.of(Role.Ids.TECH_LEAD), new Identity("https://issuer.example", "bob-sub"));
    static final Actor IVAN = new Actor("ivan", Set.of(Role.Ids.INFRASTRUCTURE_LEAD), new Identity("https://issuer.example", "ivan-sub"));
    static final Actor SAM = new Actor("sam", Set.of(Role.Ids.SENIOR_ONCALL), new Identity("https://issuer.example", "sam-sub"));
    static final AuthorizationForm DENY = new AuthorizationForm(AuthorizationForm.Decision.DENY, "hotfix in an hour", 12,
            DataImpact.NONE, AuthorizationForm.Severity.MAJOR, false);


    // --- approvals that cannot be talked down ---

    @Test
    void once_a_severe_rollback_asked_for_two_people_a_blocking_triage_by_one_lead_does_not_authorize() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        given(decider.triage(state(), TriageSeverity.SEVERE, 180, ALICE, POLICY).events());
        assertThat(state().requiredRoles()).containsExactly(Role.Ids.TECH_LEAD, Role.Ids.PRODUCT_MANAGER);

        Decision then = decider.triage(state(), TriageSeverity.BLOCKING, null, BOB, POLICY);

        assertThat(then.rejection()).isNull();
        assertThat(then.events()).containsExactly(new IncidentTriaged(id(8), incident, T0, TriageSeverity.BLOCKING, null,
                TriageDecision.ROLLBACK_IMMEDIATELY, List.of(), "bob", Role.Ids.TECH_LEAD, BOB.identity()));
        given(then.events());
        assertThat(state().status()).isEqualTo(Status.AWAITING_AUTHORIZATION);
        assertThat(state().requiredRoles()).containsExactly(Role.Ids.TECH_LEAD, Role.Ids.PRODUCT_MANAGER);

        given(decider.authorize(state(), APPROVE, PAT).events());
        assertThat(state().status()).isEqualTo(Status.AWAITING_AUTHORIZATION);
        given(decider.authorize(state(), APPROVE, BOB).events());
        assertThat(state().status()).isEqualTo(Status.AUTHORIZED);
    }

    @Test
    void a_blocking_triage_still_authorizes_at_once_when_a_lead_was_all_that_was_asked_for() {
        UUID incident = givenTierTwoAwaitingAuthorization();

        Decision then = decider.triage(state(), TriageSeverity.BLOCKING, null, ALICE, POLICY);

        assertThat(then.events()).containsExactly(
                new IncidentTriaged(id(6), incident, T0, TriageSeverity.BLOCKING, null, TriageDecision.ROLLBACK_IMMEDIATELY,
                        List.of(), "alice", Role.Ids.TECH_LEAD, ALICE_ID),
                new RollbackAuthorized(id(7), incident, T0, DEPLOYMENT, "2.0.0", null, "alice",
                        "triage: ROLLBACK_IMMEDIATELY (BLOCKING)", ALICE_ID));
    }

    @Test
    void a_new_triage_adds_required_roles_and_never_removes_them() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        given(decider.triage(state(), TriageSeverity.SEVERE, 180, ALICE, POLICY).events());

        Decision then = decider.triage(state(), TriageSeverity.MODERATE, 500, BOB, POLICY);

        assertThat(then.events()).containsExactly(new IncidentTriaged(id(8), incident, T0, TriageSeverity.MODERATE, 500,
                TriageDecision.ROLLBACK, List.of(Role.Ids.TECH_LEAD), "bob", Role.Ids.TECH_LEAD, BOB.identity()));
        given(then.events());
        assertThat(state().requiredRoles()).containsExactly(Role.Ids.TECH_LEAD, Role.Ids.PRODUCT_MANAGER);
    }

    @Test
    void a_moderate_incident_raised_to_severe_asks_the_product_manager_too() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        given(decider.triage(state(), TriageSeverity.MODERATE, 500, ALICE, POLICY).events());

        Decision then = decider.triage(state(), TriageSeverity.SEVERE, 180, BOB, POLICY);

        assertThat(then.events()).containsExactly(
                new IncidentTriaged(id(7), incident, T0, TriageSeverity.SEVERE, 180, TriageDecision.ROLLBACK,
                        List.of(Role.Ids.TECH_LEAD, Role.Ids.PRODUCT_MANAGER), "bob", Role.Ids.TECH_LEAD, BOB.identity()),
                new AuthorizationRequested(id(8), incident, T0, DEPLOYMENT, 2, List.of(Role.Ids.TECH_LEAD, Role.Ids.PRODUCT_MANAGER),
                        "triage: ROLLBACK (SEVERE)"));
    }

    @Test
    void the_lead_who_set_a_severity_may_not_raise_it_alone_but_a_second_person_may() {
        givenTierTwoAwaitingAuthorization();
        given(decider.triage(state(), TriageSeverity.MODERATE, 30, ALICE, POLICY).events());

        Decision alone = decider.triage(state(), TriageSeverity.BLOCKING, null, ALICE, POLICY);
        assertThat(alone.rejection()).isEqualTo(new Decision.Rejection(Decision.Kind.FORBIDDEN, "severity",
                "a more urgent severity than MODERATE needs a second person: alice set MODERATE and may not raise it alone"));
        assertThat(alone.events()).isEmpty();

        assertThat(decider.triage(state(), TriageSeverity.MINOR, 30, ALICE, POLICY).accepted()).isTrue();
        Decision second = decider.triage(state(), TriageSeverity.BLOCKING, null, IVAN, POLICY);
        assertThat(second.accepted()).isTrue();
    }

    @Test
    void the_on_call_engineers_acknowledgement_stops_their_paging_and_still_pages_the_leads() {
        UUID incident = givenTierTwoAwaitingAuthorization();

        Decision ack = decider.acknowledge(state(), SAM);
        assertThat(ack.events()).containsExactly(new IncidentAcknowledged(id(6), incident, T0, "sam", Role.Ids.SENIOR_ONCALL, SAM.identity()));
        given(ack.events());
        assertThat(decider.acknowledge(state(), SAM).events()).isEmpty();

        context.advance(Duration.ofMinutes(10));
        assertThat(decider.escalate(state(), POLICY)).containsExactly(
                new IncidentEscalated(id(7), incident, T0.plusSeconds(600), 2, Role.Ids.TECH_LEAD,
                        "no response 5 min after authorization was requested"),
                new IncidentEscalated(id(8), incident, T0.plusSeconds(600), 3, Role.Ids.INFRASTRUCTURE_LEAD,
                        "no response 10 min after authorization was requested"));
    }

    @Test
    void a_lead_who_acknowledges_before_being_paged_is_not_paged_and_the_next_level_still_is() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        given(decider.acknowledge(state(), ALICE).events());

        context.advance(Duration.ofMinutes(10));

        assertThat(decider.escalate(state(), POLICY)).containsExactly(new IncidentEscalated(id(7), incident, T0.plusSeconds(600), 3,
                Role.Ids.INFRASTRUCTURE_LEAD, "no response 10 min after authorization was requested"));
    }

    // --- a lead ends an incident ---

    @Test
    void a_lead_resolves_a_denied_incident_by_staying_on_the_version_and_the_deployment_is_free() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        given(decider.authorize(state(), DENY, ALICE).events());

        Decision then = decider.resolve(state(), ResolutionReason.STAY_ON_VERSION, "fix forward in 2.0.1", null, ALICE);

        assertThat(then.events()).containsExactly(new IncidentResolved(id(7), incident, T0, ResolutionReason.STAY_ON_VERSION,
                "fix forward in 2.0.1", null, "alice", Role.Ids.TECH_LEAD, ALICE_ID));
        given(then.events());
        assertThat(state().status()).isEqualTo(Status.RESOLVED);
        assertThat(state().isOpen()).isFalse();

        List<RewindEvent> next = whenSignal("users_blocked", 7);
        assertThat(next.get(0).incidentId()).isNotEqualTo(incident);
    }

    @Test
    void a_failed_rollback_can_be_resolved_and_a_resolved_incident_stays_resolved() {
        UUID incident = givenTierOneFailedRollback();

        given(decider.resolve(state(), ResolutionReason.STAY_ON_VERSION, "2.0.0 stays; hotfix today", null, IVAN).events());
        given(List.of(new PhaseStarted(context.newId(), incident, T0, 1, "Decision and preparation")));

        assertThat(state().status()).isEqualTo(Status.RESOLVED);
        assertThat(decider.resolve(state(), ResolutionReason.LEAD_DECISION, "again", null, ALICE).rejection())
                .isEqualTo(new Decision.Rejection(Decision.Kind.CONFLICT, null, "the incident is already RESOLVED"));
    }

    @Test
    void only_the_leads_may_resolve_and_rewinds_own_reasons_are_refused() {
        givenTierTwoAwaitingAuthorization();

        for (Actor other : List.of(SAM, PAT, ANA)) {
            assertThat(decider.resolve(state(), ResolutionReason.LEAD_DECISION, "false alarm", null, other).rejection().kind())
                    .isEqualTo(Decision.Kind.FORBIDDEN);
        }
        Decision automatic = decider.resolve(state(), ResolutionReason.METRIC_RECOVERED, "looks fine", null, ALICE);
        assertThat(automatic.rejection().field()).isEqualTo("reason");
        Decision stay = decider.resolve(state(), ResolutionReason.STAY_ON_VERSION, "nothing failed", null, ALICE);
        assertThat(stay.rejection()).isEqualTo(new Decision.Rejection(Decision.Kind.INVALID, "reason",
                "STAY_ON_VERSION ends a failed or a denied rollback; this incident is AWAITING_AUTHORIZATION"));
        assertThat(decider.resolve(state(), ResolutionReason.LEAD_DECISION, "false alarm", null, ALICE).accepted()).isTrue();
    }

    @Test
    void a_rollback_under_way_cannot_be_resolved_and_an_authorization_nothing_acted_on_can_after_ten_minutes() {
        UUID incident = givenTierOneAuthorized();

        assertThat(decider.resolve(state(), ResolutionReason.LEAD_DECISION, "stale", null, ALICE).rejection().kind())
                .isEqualTo(Decision.Kind.CONFLICT);
        context.advance(IncidentDecider.UNACTED_AUTHORIZATION);
        assertThat(decider.resolve(state(), ResolutionReason.LEAD_DECISION, "the executor never ran it", null, ALICE).accepted()).isTrue();

        given(List.of(new PhaseStarted(context.newId(), incident, context.now(), 1, "Decision and preparation")));
        assertThat(decider.resolve(state(), ResolutionReason.LEAD_DECISION, "stop", null, ALICE).rejection().message())
                .startsWith("a rollback is under way (ROLLING_BACK)");
    }

    @Test
    void a_hotfix_resolution_names_its_version() {
        UUID incident = givenTierTwoAwaitingAuthorization();

        Decision then = decider.resolve(state(), ResolutionReason.HOTFIX_DEPLOYED, "2.0.1 fixes the persona", "2.0.1", BOB);

        assertThat(then.events()).containsExactly(new IncidentResolved(id(6), incident, T0, ResolutionReason.HOTFIX_DEPLOYED,
                "2.0.1 fixes the persona", "2.0.1", "bob", Role.Ids.TECH_LEAD, BOB.identity()));
    }

    // --- the post-mortem meeting ---

    @Test
    void a_lead_schedules_the_post_mortem_in_the_future_and_nobody_else_may() {
        UUID incident = givenTierOneFailedRollback();
        Instant meeting = T0.plus(Duration.ofDays(1));

        Decision then = decider.schedulePostmortem(state(), meeting, 60, dev.rewind.events.IncidentEvent.PostmortemScheduled.RUNBOOK_PARTICIPANTS,
                "room 4", ALICE);

        assertThat(then.events()).containsExactly(new dev.rewind.events.IncidentEvent.PostmortemScheduled(id(7), incident, T0, meeting, 60,
                List.of("tech-lead", "product-manager", "infrastructure-lead", "qa-lead"), "room 4", "alice", Role.Ids.TECH_LEAD, ALICE_ID));
        assertThat(decider.schedulePostmortem(state(), meeting, 60, List.of("tech-lead"), null, PAT).rejection().kind())
                .isEqualTo(Decision.Kind.FORBIDDEN);
        assertThat(decider.schedulePostmortem(state(), T0.minusSeconds(1), 60, List.of("tech-lead"), null, ALICE).rejection().field())
                .isEqualTo("meetingAt");
        assertThat(decider.schedulePostmortem(state(), T0.plus(Duration.ofDays(400)), 60, List.of("tech-lead"), null, ALICE).rejection()
                .field()).isEqualTo("meetingAt");
    }

    // --- Rewind ends an incident whose signals went quiet ---

    @Test
    void an_undecided_incident_ends_when_every_metric_stayed_below_every_tier_for_the_recovery_window() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        context.advance(Duration.ofMinutes(20));

        assertThat(decider.quietWindowStart(state(), POLICY)).contains(context.now().minus(Duration.ofMinutes(15)));
        List<RewindEvent> then = decider.resolveIfQuiet(state(), Map.of("users_blocked", new MetricActivity(15, null),
                "workflow_failure_rate", new MetricActivity(3, null)), POLICY);

        assertThat(then).containsExactly(new IncidentResolved(id(6), incident, context.now(), ResolutionReason.METRIC_RECOVERED,
                "users_blocked stayed below every tier for PT15M (15 samples)", null, IncidentDecider.RESOLUTION_ACTOR, null, null));
    }

    @Test
    void a_breach_of_any_metric_or_silence_of_the_classifying_one_keeps_the_incident_open() {
        givenTierTwoAwaitingAuthorization();
        context.advance(Duration.ofMinutes(20));

        assertThat(decider.resolveIfQuiet(state(), Map.of("users_blocked", new MetricActivity(15, null),
                "workflow_failure_rate", new MetricActivity(3, context.now().minusSeconds(60))), POLICY)).isEmpty();
        assertThat(decider.resolveIfQuiet(state(), Map.of("workflow_failure_rate", new MetricActivity(3, null)), POLICY)).isEmpty();
        assertThat(decider.resolveIfQuiet(state(), Map.of(), POLICY)).isEmpty();
    }

    @Test
    void a_denied_incident_ends_after_its_quiet_period_and_not_before() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        given(decider.authorize(state(), DENY, ALICE).events());

        context.advance(Duration.ofHours(23));
        assertThat(decider.quietWindowStart(state(), POLICY)).isEmpty();
        context.advance(Duration.ofHours(1));
        assertThat(decider.resolveIfQuiet(state(), Map.of("users_blocked", new MetricActivity(2, T0.plusSeconds(3600))), POLICY)).isEmpty();

        List<RewindEvent> then = decider.resolveIfQuiet(state(), Map.of(), POLICY);
        assertThat(then).containsExactly(new IncidentResolved(id(7), incident, context.now(), ResolutionReason.QUIET_PERIOD,
                "no tier rule met for PT24H since the rollback was denied", null, IncidentDecider.RESOLUTION_ACTOR, null, null));
    }

    @Test
    void decided_manual_and_switched_off_incidents_do_not_end_by_themselves() {
        givenTierOneAuthorized();
        context.advance(Duration.ofDays(2));
        assertThat(decider.quietWindowStart(state(), POLICY)).isEmpty();

        history.clear();
        given(decider.openManually(id(50), DEPLOYMENT, "2.0.0", dev.rewind.events.ManualReason.INTEGRATION_FAILURE, "by hand", ALICE));
        assertThat(decider.quietWindowStart(state(), POLICY)).isEmpty();

        history.clear();
        givenTierTwoAwaitingAuthorization();
        DeploymentPolicy never = new DeploymentPolicy(POLICY.rules(), true, POLICY.escalation(), POLICY.limits(),
                new ResolutionPolicy(Duration.ZERO, Duration.ZERO), HeightenedPolicy.RUNBOOK);
        assertThat(decider.quietWindowStart(state(), never)).isEmpty();
    }

    private UUID givenTierOneAuthorized() {
        given(whenSignal("database_corruption", 1));
        return state().id();
    }

    private UUID givenTierOneFailedRollback() {
        UUID incident = givenTierOneAuthorized();
        given(List.of(new PhaseStarted(context.newId(), incident, T0, 1, "Decision and preparation"),
                new RollbackFailed(context.newId(), incident, T0, DEPLOYMENT, "restore failed", List.of())));
        return incident;
    }
}
