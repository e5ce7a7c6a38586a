package dev.rewind.incident.domain;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.events.Identity;
import dev.rewind.events.IncidentEvent.HotfixSignedOff;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.ResolutionReason;
import dev.rewind.events.Role;
import dev.rewind.events.SignOff;

import static dev.rewind.incident.domain.FixedContext.id;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbook's "Steps to Redeployment" (issue 19, part 4) as scenarios: the sign-offs a hotfix needs after a rollback
 * and the gate a deployment pipeline asks. No broker, no database.
 */
class RedeploymentTest extends DeciderScenario {
    static final Actor QUINN = new Actor("quinn", Set.of(Role.Ids.QA_LEAD), new Identity("https://issuer.example", "quinn-sub"));
    static final Actor BOTH = new Actor("alice", Set.of(Role.Ids.TECH_LEAD, Role.Ids.QA_LEAD), ALICE_ID);

    @Test
    void a_sign_off_is_recorded_whole_in_its_own_role() {
        UUID incident = givenRestoredWithRootCause();

        Decision then = decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", "tests green", ALICE);

        assertThat(then.events()).containsExactly(new HotfixSignedOff(id(8), incident, context.now(), DEPLOYMENT, "2.0.1",
                SignOff.FIX_APPROVED, "tests green", "alice", Role.Ids.TECH_LEAD, ALICE_ID));
    }

    @Test
    void sign_offs_are_refused_before_the_rollback_completed_before_the_root_cause_in_the_wrong_role_and_for_the_broken_version() {
        givenTierTwoAwaitingAuthorization();
        assertThat(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", null, ALICE).rejection().kind()).isEqualTo(Decision.Kind.CONFLICT);

        history.clear();
        givenRestored();
        assertThat(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", null, ALICE).rejection().message())
                .startsWith("the root cause analysis is not complete");
        given(List.of(rootCause()));
        assertThat(decider.signOff(state(), SignOff.TESTING_CERTIFIED, "2.0.1", null, ALICE).rejection())
                .isEqualTo(new Decision.Rejection(Decision.Kind.FORBIDDEN, "signOff", "TESTING_CERTIFIED is given by the qa-lead"));
        assertThat(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.0", null, ALICE).rejection().field()).isEqualTo("version");
    }

    @Test
    void each_sign_off_needs_a_different_person_and_the_same_one_again_changes_nothing() {
        givenRestoredWithRootCause();
        given(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", null, BOTH).events());

        assertThat(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", null, BOTH).events()).isEmpty();
        Decision second = decider.signOff(state(), SignOff.TESTING_CERTIFIED, "2.0.1", null, BOTH);
        assertThat(second.rejection().message()).isEqualTo("alice already signed off FIX_APPROVED for 2.0.1; each sign-off needs a different person");
        assertThat(decider.signOff(state(), SignOff.TESTING_CERTIFIED, "2.0.2", null, BOTH).accepted()).isTrue();
        assertThat(decider.signOff(state(), SignOff.TESTING_CERTIFIED, "2.0.1", null, QUINN).events()).hasSize(1);
    }

    @Test
    void the_gate_blocks_the_rolled_back_version_for_good_and_lets_a_hotfix_through_once_three_people_signed_it_off() {
        givenRestoredWithRootCause();
        assertThat(gate("2.0.0").reasons()).containsExactly("2.0.0 was rolled back by incident " + id(1) + "; deploy a hotfix version instead");
        assertThat(gate("1.0.0").allowed()).isTrue();
        assertThat(gate("2.0.1").missing()).containsExactly(SignOff.FIX_APPROVED, SignOff.TESTING_CERTIFIED, SignOff.DEPLOYMENT_APPROVED);

        given(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", null, ALICE).events());
        given(decider.signOff(state(), SignOff.TESTING_CERTIFIED, "2.0.1", null, QUINN).events());
        assertThat(gate("2.0.1")).isEqualTo(new RedeploymentGate.Verdict(DEPLOYMENT, "2.0.1", false,
                List.of("2.0.1 lacks the sign-offs [DEPLOYMENT_APPROVED] after the rollback of incident " + id(1)), id(1),
                List.of(SignOff.DEPLOYMENT_APPROVED)));
        given(decider.signOff(state(), SignOff.DEPLOYMENT_APPROVED, "2.0.1", null, PAT).events());

        assertThat(gate("2.0.1")).isEqualTo(new RedeploymentGate.Verdict(DEPLOYMENT, "2.0.1", true, List.of(), null, List.of()));
        assertThat(gate("2.0.2").allowed()).isFalse();
        assertThat(gate("2.0.0").allowed()).isFalse();
    }

    @Test
    void a_hotfix_resolution_needs_the_sign_offs_and_ends_the_redeployment() {
        givenRestoredWithRootCause();
        Decision early = decider.resolve(state(), ResolutionReason.HOTFIX_DEPLOYED, "2.0.1 is out", "2.0.1", ALICE);
        assertThat(early.rejection().field()).isEqualTo("hotfixVersion");

        given(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", null, ALICE).events());
        given(decider.signOff(state(), SignOff.TESTING_CERTIFIED, "2.0.1", null, QUINN).events());
        given(decider.signOff(state(), SignOff.DEPLOYMENT_APPROVED, "2.0.1", null, PAT).events());
        given(decider.resolve(state(), ResolutionReason.HOTFIX_DEPLOYED, "2.0.1 is out", "2.0.1", ALICE).events());

        assertThat(gate("2.1.0").allowed()).isTrue();
        assertThat(gate("2.0.0").allowed()).isFalse();
        assertThat(decider.signOff(state(), SignOff.FIX_APPROVED, "2.1.0", null, ALICE).rejection().kind()).isEqualTo(Decision.Kind.CONFLICT);
    }

    @Test
    void a_complete_checklist_ends_the_incident_but_not_its_redeployment_which_a_lead_ends_with_the_hotfix() {
        givenRestoredWithRootCause();
        assertThat(decider.resolveIfChecklistComplete(state(), List.of("Post-mortem scheduled"))).isEmpty();
        given(decider.resolveIfChecklistComplete(state(), List.of()));
        assertThat(state().status()).isEqualTo(Status.RESOLVED);
        assertThat(decider.resolveIfChecklistComplete(state(), List.of())).as("once").isEmpty();

        assertThat(gate("2.0.1").missing()).containsExactly(SignOff.FIX_APPROVED, SignOff.TESTING_CERTIFIED, SignOff.DEPLOYMENT_APPROVED);
        given(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", null, ALICE).events());
        given(decider.signOff(state(), SignOff.TESTING_CERTIFIED, "2.0.1", null, QUINN).events());
        given(decider.signOff(state(), SignOff.DEPLOYMENT_APPROVED, "2.0.1", null, PAT).events());
        assertThat(gate("2.0.1").allowed()).isTrue();
        assertThat(gate("2.1.0").allowed()).isFalse();

        assertThat(decider.resolve(state(), ResolutionReason.STAY_ON_VERSION, "no", null, ALICE).rejection().kind())
                .isEqualTo(Decision.Kind.CONFLICT);
        given(decider.resolve(state(), ResolutionReason.HOTFIX_DEPLOYED, "2.0.1 is out", "2.0.1", ALICE).events());
        assertThat(state().redeployment().concluded()).isTrue();
        assertThat(gate("2.1.0").allowed()).isTrue();
        assertThat(gate("2.0.0").allowed()).isFalse();
        assertThat(decider.resolve(state(), ResolutionReason.LEAD_DECISION, "again", null, ALICE).rejection().message())
                .isEqualTo("the incident is already RESOLVED");
    }

    @Test
    void nothing_may_be_deployed_while_a_rollback_runs_and_a_deployment_without_rollbacks_is_open() {
        given(whenSignal("database_corruption", 1));
        assertThat(gate("2.0.1").reasons()).singleElement().asString().startsWith("a rollback of " + DEPLOYMENT + " is under way");
        given(List.of(new PhaseStarted(context.newId(), state().id(), T0, 1, "Decision and preparation")));
        assertThat(gate("1.0.0").allowed()).isFalse();

        assertThat(RedeploymentGate.check(DEPLOYMENT, "9.9.9", List.of()).allowed()).isTrue();
    }

    private RedeploymentGate.Verdict gate(String version) {
        return RedeploymentGate.check(DEPLOYMENT, version, List.of(state()));
    }
}
