package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.AuthorizationDenied;
import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRefused;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.AuthorizationForm;
import dev.rewind.events.AuthorizationForm.DataImpact;
import dev.rewind.events.Identity;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.Origin;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Role;
import dev.rewind.events.Sample;
import dev.rewind.events.Signal;
import dev.rewind.events.TriageDecision;
import dev.rewind.events.TriageSeverity;

import static dev.rewind.incident.domain.FixedContext.id;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decider's rules as scenarios, the way giftcard-demo tests its aggregates: given the events so far, when a
 * signal or a command, then exactly these events, compared whole (ids are numbered, the clock is fixed), or this
 * refusal. No broker, no database.
 */
class IncidentScenariosTest extends DeciderScenario {

    @Test
    void a_tier_1_signal_opens_the_incident_classifies_it_and_authorizes_the_rollback_by_policy() {
        List<RewindEvent> then = whenSignal("database_corruption", 1);

        UUID incident = id(1);
        String rule = "database_corruption >= 1 (tier 1)";
        assertThat(then).containsExactly(
                new IncidentOpened(id(2), incident, T0, DEPLOYMENT, "2.0.0", Origin.SIGNAL, null, rule, "monitoring"),
                new IncidentClassified(id(3), incident, T0, 1, null, rule, "database_corruption", 0, List.of(new Sample(1, T0))),
                new RollbackAuthorized(id(4), incident, T0, DEPLOYMENT, "2.0.0", null, IncidentDecider.TIER1_ACTOR, "tier 1: " + rule));
    }

    @Test
    void a_tier_2_signal_asks_a_tech_lead_and_pages_the_on_call_engineer_at_once() {
        List<RewindEvent> then = whenSignal("users_blocked", 6);

        UUID incident = id(1);
        String rule = "users_blocked > 5 (tier 2)";
        assertThat(then).containsExactly(
                new IncidentOpened(id(2), incident, T0, DEPLOYMENT, "2.0.0", Origin.SIGNAL, null, rule, "monitoring"),
                new IncidentClassified(id(3), incident, T0, 2, null, rule, "users_blocked", 0, List.of(new Sample(6, T0))),
                new AuthorizationRequested(id(4), incident, T0, DEPLOYMENT, 2, List.of(Role.Ids.TECH_LEAD), "tier 2: " + rule),
                new IncidentEscalated(id(5), incident, T0, 1, Role.Ids.SENIOR_ONCALL, "authorization requested: paging at once"));
    }

    @Test
    void unanswered_the_escalation_reaches_the_tech_lead_after_five_minutes_and_only_once() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        context.advance(Duration.ofMinutes(5));

        List<RewindEvent> then = decider.escalate(state(), POLICY);

        assertThat(then).containsExactly(new IncidentEscalated(id(6), incident, T0.plusSeconds(300), 2, Role.Ids.TECH_LEAD,
                "no response 5 min after authorization was requested"));
        given(then);
        assertThat(decider.escalate(state(), POLICY)).isEmpty();
    }

    @Test
    void a_tech_leads_approval_grants_and_authorizes_the_rollback_in_their_name() {
        UUID incident = givenTierTwoAwaitingAuthorization();

        Decision then = decider.authorize(state(), APPROVE, ALICE);

        assertThat(then.rejection()).isNull();
        assertThat(then.events()).containsExactly(
                new AuthorizationGranted(id(6), incident, T0, "alice", Role.Ids.TECH_LEAD, APPROVE, ALICE_ID),
                new RollbackAuthorized(id(7), incident, T0, DEPLOYMENT, "2.0.0", null, "alice",
                        "authorized by alice (tech-lead): workflow cannot execute", ALICE_ID));
    }

    @Test
    void an_analysts_approval_is_refused_and_the_refusal_is_recorded() {
        UUID incident = givenTierTwoAwaitingAuthorization();

        Decision then = decider.authorize(state(), APPROVE, ANA);

        assertThat(then.rejection()).isNotNull();
        assertThat(then.events()).singleElement().isInstanceOfSatisfying(AuthorizationRefused.class, refused ->
                assertThat(refused).isEqualTo(new AuthorizationRefused(id(6), incident, T0, "ana", List.of(Role.Ids.ANALYST),
                        refused.reason(), ANA.identity())));
        assertThat(state().status()).isEqualTo(Status.AWAITING_AUTHORIZATION);
    }

    @Test
    void a_denial_is_recorded_and_no_rollback_follows_even_when_the_incident_worsens() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        AuthorizationForm deny = new AuthorizationForm(AuthorizationForm.Decision.DENY, "hotfix in 10 minutes", 12,
                DataImpact.NONE, AuthorizationForm.Severity.MAJOR, false);

        Decision then = decider.authorize(state(), deny, ALICE);

        assertThat(then.events()).containsExactly(new AuthorizationDenied(id(6), incident, T0, "alice", Role.Ids.TECH_LEAD, deny, ALICE_ID));
        given(then.events());
        String rule = "database_corruption >= 1 (tier 1)";
        assertThat(whenSignal("database_corruption", 1)).containsExactly(
                new IncidentClassified(id(7), incident, T0, 1, 2, rule, "database_corruption", 0, List.of(new Sample(1, T0))));
    }

    @Test
    void a_severe_triage_needs_a_second_person_and_a_product_managers_approval_alone_does_not_authorize() {
        UUID incident = givenTierTwoAwaitingAuthorization();

        Decision triage = decider.triage(state(), TriageSeverity.SEVERE, 240, ALICE, POLICY);
        given(triage.events());
        Decision approval = decider.authorize(state(), APPROVE, PAT);

        assertThat(triage.events()).first().isInstanceOfSatisfying(IncidentTriaged.class, triaged -> {
            assertThat(triaged.decision()).isEqualTo(TriageDecision.ROLLBACK);
            assertThat(triaged.approvalsNeeded()).containsExactlyInAnyOrder(Role.Ids.TECH_LEAD, Role.Ids.PRODUCT_MANAGER);
        });
        assertThat(approval.events()).containsExactly(
                new AuthorizationGranted(id(triage.events().size() + 6), incident, T0, "pat", Role.Ids.PRODUCT_MANAGER, APPROVE, PAT.identity()));
        given(approval.events());
        assertThat(decider.authorize(state(), APPROVE, ALICE).events()).hasSize(2).last().isInstanceOf(RollbackAuthorized.class);
    }

    @Test
    void a_healthy_signal_decides_nothing() {
        assertThat(whenSignal("users_blocked", 0)).isEmpty();
        assertThat(history).isEmpty();
    }
}
