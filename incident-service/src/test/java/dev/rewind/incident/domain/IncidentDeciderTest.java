package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.AuthorizationDenied;
import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRefused;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.AuthorizationForm.DataImpact;
import dev.rewind.events.AuthorizationForm;
import dev.rewind.events.EventType;
import dev.rewind.events.Identity;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Role;
import dev.rewind.events.Sample;
import dev.rewind.events.Signal;
import dev.rewind.events.TriageSeverity;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentDeciderTest {
    static final DeploymentPolicy POLICY = PolicyTiersTest.SEED;
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Actor TECH_LEAD = new Actor("alice", Set.of(Role.Ids.TECH_LEAD));
    static final Actor INFRA_LEAD = new Actor("ivan", Set.of(Role.Ids.INFRASTRUCTURE_LEAD));
    static final Actor SENIOR = new Actor("sam", Set.of(Role.Ids.SENIOR_ONCALL));
    static final Actor PM = new Actor("pat", Set.of(Role.Ids.PRODUCT_MANAGER));
    static final Actor ANALYST = new Actor("ana", Set.of(Role.Ids.ANALYST));

    final FixedContext context = new FixedContext(T0);
    final IncidentDecider decider = new IncidentDecider(context);
    final List<RewindEvent> history = new ArrayList<>();

    Incident state() {
        return Incident.replay(history);
    }

    List<RewindEvent> given(List<RewindEvent> events) {
        history.addAll(events);
        return events;
    }

    List<RewindEvent> signal(String metric, double value) {
        Signal signal = new Signal("ai-engineering-workflow", "2.0.0", metric, value, context.now(), null);
        Optional<Classification> classification = POLICY.classify(metric, List.of(new Sample(value, context.now())));
        return given(decider.onSignal(state(), signal, classification, POLICY));
    }

    static AuthorizationForm form(AuthorizationForm.Decision decision) {
        return new AuthorizationForm(decision, "workflow cannot execute", 12, DataImpact.NONE, AuthorizationForm.Severity.CRITICAL, false);
    }

    static List<EventType> types(List<RewindEvent> events) {
        return events.stream().map(RewindEvent::type).toList();
    }

    @Test
    void a_tier_1_signal_opens_classifies_and_authorizes_at_once_by_policy() {
        List<RewindEvent> events = signal("database_corruption", 1);

        assertThat(types(events)).containsExactly(EventType.INCIDENT_OPENED, EventType.INCIDENT_CLASSIFIED, EventType.ROLLBACK_AUTHORIZED);
        assertThat(((RollbackAuthorized) events.get(2)).actor()).isEqualTo("policy:tier1");
        assertThat(((IncidentClassified) events.get(1)).evidence()).containsExactly(new Sample(1, T0));
        assertThat(state().status()).isEqualTo(Status.AUTHORIZED);
    }

    @Test
    void a_tier_2_signal_requests_authorization_and_pages_the_on_call_engineer_at_once() {
        List<RewindEvent> events = signal("users_blocked", 8);

        assertThat(types(events)).containsExactly(EventType.INCIDENT_OPENED, EventType.INCIDENT_CLASSIFIED,
                EventType.AUTHORIZATION_REQUESTED, EventType.INCIDENT_ESCALATED);
        assertThat(((IncidentEscalated) events.get(3)).role()).isEqualTo("senior-oncall");
        assertThat(state().status()).isEqualTo(Status.AWAITING_AUTHORIZATION);
    }

    @Test
    void a_tier_3_signal_only_monitors() {
        List<RewindEvent> events = signal("users_blocked", 2);

        assertThat(types(events)).containsExactly(EventType.INCIDENT_OPENED, EventType.INCIDENT_CLASSIFIED);
        assertThat(state().status()).isEqualTo(Status.MONITORING);
        assertThat(state().tier()).isEqualTo(3);
    }

    @Test
    void later_signals_attach_to_the_open_incident_raise_its_tier_and_never_lower_it() {
        signal("users_blocked", 2);
        var incidentId = state().id();

        List<RewindEvent> raised = signal("users_blocked", 9);
        assertThat(types(raised)).startsWith(EventType.INCIDENT_CLASSIFIED, EventType.AUTHORIZATION_REQUESTED);
        assertThat(((IncidentClassified) raised.get(0)).previousTier()).isEqualTo(3);
        assertThat(raised.get(0).incidentId()).isEqualTo(incidentId);

        assertThat(signal("users_blocked", 2)).isEmpty();
        assertThat(state().tier()).isEqualTo(2);

        assertThat(types(signal("critical_security_vulnerability", 1)))
                .containsExactly(EventType.INCIDENT_CLASSIFIED, EventType.ROLLBACK_AUTHORIZED);
    }

    @Test
    void a_closed_incident_does_not_take_signals_the_next_one_opens_a_new_incident() {
        signal("database_corruption", 1);
        var first = state().id();
        given(List.of(new RollbackCompleted(context.newId(), first, T0, "ai-engineering-workflow", "2.0.0", "1.0.0", 1000, null)));

        List<RewindEvent> events = signal("database_corruption", 1);
        assertThat(events.get(0)).isInstanceOf(IncidentOpened.class);
        assertThat(events.get(0).incidentId()).isNotEqualTo(first);
    }

    @Test
    void a_tech_lead_or_an_infrastructure_lead_authorizes_a_tier_2_rollback() {
        for (Actor lead : List.of(TECH_LEAD, INFRA_LEAD)) {
            history.clear();
            signal("users_blocked", 8);
            Decision decision = decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), lead);
            assertThat(decision.accepted()).isTrue();
            assertThat(types(decision.events())).containsExactly(EventType.AUTHORIZATION_GRANTED, EventType.ROLLBACK_AUTHORIZED);
            assertThat(((AuthorizationGranted) decision.events().get(0)).actor()).isEqualTo(lead.name());
        }
    }

    @Test
    void anyone_else_is_refused_and_the_attempt_recorded() {
        signal("users_blocked", 8);
        for (Actor outsider : List.of(ANALYST, PM, SENIOR, new Actor("q", Set.of(Role.Ids.QA_LEAD)))) {
            Decision decision = decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), outsider);
            assertThat(decision.rejection().kind()).as(outsider.name()).isEqualTo(Decision.Kind.FORBIDDEN);
            assertThat(decision.events()).singleElement().isInstanceOf(AuthorizationRefused.class);
        }
    }

    @Test
    void the_senior_on_call_may_authorize_once_the_escalation_passed_both_leads_without_response() {
        signal("users_blocked", 8);
        context.advance(Duration.ofMinutes(5));
        assertThat(types(given(decider.escalate(state(), POLICY)))).containsExactly(EventType.INCIDENT_ESCALATED);
        assertThat(decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), SENIOR).accepted()).isFalse();

        context.advance(Duration.ofMinutes(5));
        List<RewindEvent> escalated = given(decider.escalate(state(), POLICY));
        assertThat(((IncidentEscalated) escalated.get(0)).role()).isEqualTo("infrastructure-lead");

        Decision decision = decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), SENIOR);
        assertThat(types(decision.events())).containsExactly(EventType.AUTHORIZATION_GRANTED, EventType.ROLLBACK_AUTHORIZED);
    }

    @Test
    void escalation_follows_the_policy_delays_and_an_acknowledgement_stops_only_its_own_level() {
        signal("users_blocked", 8);
        context.advance(Duration.ofMinutes(4));
        assertThat(decider.escalate(state(), POLICY)).isEmpty();
        context.advance(Duration.ofMinutes(1));
        assertThat(given(decider.escalate(state(), POLICY))).singleElement()
                .satisfies(e -> assertThat(((IncidentEscalated) e).level()).isEqualTo(2));
        assertThat(decider.escalate(state(), POLICY)).isEmpty();

        given(decider.acknowledge(state(), TECH_LEAD).events());
        context.advance(Duration.ofMinutes(20));
        assertThat(given(decider.escalate(state(), POLICY))).singleElement()
                .satisfies(e -> assertThat(((IncidentEscalated) e).role()).isEqualTo(Role.Ids.INFRASTRUCTURE_LEAD));
        assertThat(decider.escalate(state(), POLICY)).isEmpty();
    }

    @Test
    void a_severe_rollback_needs_a_tech_lead_and_a_product_manager_who_are_two_people() {
        signal("users_blocked", 8);
        given(decider.triage(state(), TriageSeverity.SEVERE, 180, TECH_LEAD, POLICY).events());
        assertThat(state().requiredRoles()).containsExactly(Role.Ids.TECH_LEAD, Role.Ids.PRODUCT_MANAGER);

        Decision lead = decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), TECH_LEAD);
        assertThat(types(given(lead.events()))).containsExactly(EventType.AUTHORIZATION_GRANTED);

        Actor samePersonAsPm = new Actor("alice", Set.of(Role.Ids.PRODUCT_MANAGER));
        Decision same = decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), samePersonAsPm);
        assertThat(types(given(same.events()))).containsExactly(EventType.AUTHORIZATION_GRANTED);

        Decision pm = decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), PM);
        assertThat(types(pm.events())).containsExactly(EventType.AUTHORIZATION_GRANTED, EventType.ROLLBACK_AUTHORIZED);
    }

    @Test
    void people_are_told_apart_by_issuer_and_subject_not_by_name() {
        Identity aliceAtCorp = new Identity("https://corp.example/issuer", "u-1001");
        Identity otherAlice = new Identity("https://partner.example/issuer", "u-1001");
        signal("users_blocked", 8);
        given(decider.triage(state(), TriageSeverity.SEVERE, 180, TECH_LEAD, POLICY).events());
        Actor lead = new Actor("alice", Set.of(Role.Ids.TECH_LEAD), aliceAtCorp);
        Decision granted = decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), lead);
        assertThat(granted.events()).singleElement().isInstanceOfSatisfying(AuthorizationGranted.class,
                g -> assertThat(g.actorIdentity()).isEqualTo(aliceAtCorp));
        given(granted.events());

        Actor sameIdentityAsPm = new Actor("Alice (PM hat)", Set.of(Role.Ids.PRODUCT_MANAGER), aliceAtCorp);
        assertThat(types(given(decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), sameIdentityAsPm).events())))
                .containsExactly(EventType.AUTHORIZATION_GRANTED);

        Actor namesakeFromAnotherIssuer = new Actor("alice", Set.of(Role.Ids.PRODUCT_MANAGER), otherAlice);
        Decision pm = decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), namesakeFromAnotherIssuer);
        assertThat(types(pm.events())).containsExactly(EventType.AUTHORIZATION_GRANTED, EventType.ROLLBACK_AUTHORIZED);
        assertThat(pm.events().get(1)).isInstanceOfSatisfying(RollbackAuthorized.class,
                r -> assertThat(r.actorIdentity()).isEqualTo(otherAlice));
    }

    @Test
    void approving_twice_does_not_approve_twice() {
        signal("users_blocked", 8);
        given(decider.triage(state(), TriageSeverity.SEVERE, null, TECH_LEAD, POLICY).events());
        given(decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), TECH_LEAD).events());

        Decision again = decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), TECH_LEAD);
        assertThat(again.accepted()).isTrue();
        assertThat(again.events()).isEmpty();
    }

    @Test
    void likely_data_loss_must_be_accepted_explicitly() {
        signal("users_blocked", 8);
        AuthorizationForm risky = new AuthorizationForm(AuthorizationForm.Decision.APPROVE, "corruption", 40,
                DataImpact.LIKELY, AuthorizationForm.Severity.CRITICAL, false);
        Decision refused = decider.authorize(state(), risky, TECH_LEAD);
        assertThat(refused.rejection().field()).isEqualTo("dataLossAccepted");

        AuthorizationForm accepted = new AuthorizationForm(AuthorizationForm.Decision.APPROVE, "corruption", 40,
                DataImpact.LIKELY, AuthorizationForm.Severity.CRITICAL, true);
        assertThat(types(decider.authorize(state(), accepted, TECH_LEAD).events())).contains(EventType.ROLLBACK_AUTHORIZED);
    }

    @Test
    void a_denial_stops_the_rollback() {
        signal("users_blocked", 8);
        Decision denied = decider.authorize(state(), form(AuthorizationForm.Decision.DENY), TECH_LEAD);
        assertThat(given(denied.events())).singleElement().isInstanceOf(AuthorizationDenied.class);
        assertThat(state().status()).isEqualTo(Status.DENIED);

        assertThat(decider.authorize(state(), form(AuthorizationForm.Decision.APPROVE), INFRA_LEAD).rejection().kind())
                .isEqualTo(Decision.Kind.CONFLICT);
        assertThat(signal("critical_security_vulnerability", 1)).extracting(RewindEvent::type)
                .doesNotContain(EventType.ROLLBACK_AUTHORIZED);
    }

    @Test
    void blocking_triage_rolls_back_immediately_without_approvals() {
        signal("users_blocked", 2);
        Decision triage = decider.triage(state(), TriageSeverity.BLOCKING, null, TECH_LEAD, POLICY);
        assertThat(types(triage.events())).containsExactly(EventType.INCIDENT_TRIAGED, EventType.ROLLBACK_AUTHORIZED);
    }

    @Test
    void an_analyst_may_not_triage() {
        signal("users_blocked", 2);
        assertThat(decider.triage(state(), TriageSeverity.BLOCKING, null, ANALYST, POLICY).rejection().kind())
                .isEqualTo(Decision.Kind.FORBIDDEN);
    }

    @Test
    void the_status_follows_the_executor() {
        signal("database_corruption", 1);
        given(List.of(new PhaseStarted(context.newId(), state().id(), T0, 1, "Preparation")));
        assertThat(state().status()).isEqualTo(Status.ROLLING_BACK);
        assertThat(state().streamVersion()).isEqualTo(4);
    }

    @Test
    void a_tier_2_request_for_an_already_authorized_incident_is_not_repeated() {
        signal("database_corruption", 1);
        assertThat(signal("users_blocked", 9)).isEmpty();
        assertThat(history).filteredOn(e -> e instanceof AuthorizationRequested).isEmpty();
    }
}
