package dev.rewind.incident.domain;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.events.HeightenedOutcome;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringEnded;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringStarted;
import dev.rewind.events.MetricUnit;
import dev.rewind.events.Signal;
import dev.rewind.events.SignOff;

import static dev.rewind.incident.domain.RedeploymentTest.QUINN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbook's "Deployment with Enhanced Monitoring" (issue 19, part 5) as scenarios: a fully signed-off hotfix's first
 * signal starts its period, the rules are scaled meanwhile, the period ends passed or breached. No broker, no database.
 */
class HeightenedMonitoringScenarioTest extends DeciderScenario {
    final HeightenedMonitoring monitoring = new HeightenedMonitoring(context);

    @Test
    void the_first_signal_of_the_signed_off_hotfix_starts_its_period_and_nothing_else_does() {
        UUID incident = givenRestoredWithRootCause();
        given(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", null, ALICE).events());
        given(decider.signOff(state(), SignOff.TESTING_CERTIFIED, "2.0.1", null, QUINN).events());
        assertThat(monitoring.onSignal(state(), signal("2.0.1"), POLICY)).as("two sign-offs of three").isEmpty();
        given(decider.signOff(state(), SignOff.DEPLOYMENT_APPROVED, "2.0.1", null, PAT).events());
        assertThat(state().redeployment().watchedVersion()).isEqualTo("2.0.1");

        assertThat(monitoring.onSignal(state(), signal("2.0.0"), POLICY)).as("the rolled-back version").isEmpty();
        assertThat(monitoring.onSignal(state(), signal("2.0.2"), POLICY)).as("a version nobody signed off").isEmpty();
        List<dev.rewind.events.RewindEvent> started = monitoring.onSignal(state(), signal("2.0.1"), POLICY);

        assertThat(started).singleElement().isInstanceOfSatisfying(HeightenedMonitoringStarted.class, e -> assertThat(e).isEqualTo(
                new HeightenedMonitoringStarted(e.eventId(), incident, context.now(), DEPLOYMENT, "2.0.1",
                        context.now().plus(Duration.ofHours(24)), 0.5, 0.5)));
        given(started);
        assertThat(monitoring.onSignal(state(), signal("2.0.1"), POLICY)).as("one period per hotfix").isEmpty();
    }

    @Test
    void the_period_ends_when_it_is_over_passed_or_breached_by_the_incidents_opened_meanwhile() {
        UUID incident = givenWatching();
        given(monitoring.onSignal(state(), signal("2.0.1"), POLICY));
        Incident.HeightenedPeriod period = state().redeployment().heightened();
        assertThat(HeightenedMonitoring.applies(period, signal("2.0.1"))).isTrue();
        assertThat(HeightenedMonitoring.applies(period, signal("2.0.0"))).isFalse();

        context.advance(Duration.ofHours(23));
        assertThat(monitoring.endIfOver(state(), List.of())).isEmpty();
        context.advance(Duration.ofHours(1));
        assertThat(HeightenedMonitoring.applies(period, signal("2.0.1"))).as("observed at its end").isFalse();
        UUID relapse = UUID.randomUUID();
        List<dev.rewind.events.RewindEvent> ended = monitoring.endIfOver(state(), List.of(relapse));

        assertThat(ended).singleElement().isInstanceOfSatisfying(HeightenedMonitoringEnded.class, e -> {
            assertThat(e.incidentId()).isEqualTo(incident);
            assertThat(e.outcome()).isEqualTo(HeightenedOutcome.BREACHED);
            assertThat(e.incidentsOpened()).containsExactly(relapse);
            assertThat(e.startedAt()).isEqualTo(period.startedAt());
        });
        given(monitoring.endIfOver(state(), List.of()));
        assertThat(state().redeployment().heightened().outcome()).isEqualTo(HeightenedOutcome.PASSED);
        assertThat(state().redeployment().watchedVersion()).as("watched no more").isNull();
        assertThat(monitoring.endIfOver(state(), List.of())).isEmpty();
        assertThat(monitoring.onSignal(state(), signal("2.0.1"), POLICY)).isEmpty();
    }

    @Test
    void a_zero_period_watches_nothing() {
        givenWatching();
        DeploymentPolicy off = new DeploymentPolicy(POLICY.rules(), true, POLICY.escalation(), POLICY.limits(), POLICY.resolution(),
                new HeightenedPolicy(Duration.ZERO, 0.5, 0.5));
        assertThat(monitoring.onSignal(state(), signal("2.0.1"), off)).isEmpty();
    }

    @Test
    void heightened_rules_fire_sooner_thresholds_above_times_the_factor_below_divided_flags_and_equalities_kept() {
        HeightenedPolicy half = new HeightenedPolicy(Duration.ofHours(24), 0.5, 0.25);
        TierRule failures = new TierRule("workflow_failure_rate", 1, Condition.parse("> 0.20"), Duration.ofMinutes(5));
        assertThat(half.scale(failures, MetricUnit.RATIO).describe()).isEqualTo("workflow_failure_rate > 0.1 for 1m (tier 1)");
        assertThat(half.scale(failures, MetricUnit.RATIO).window()).isEqualTo(Duration.ofSeconds(75));
        assertThat(half.scale(rule("< 10"), MetricUnit.COUNT).condition()).hasToString("< 20");
        assertThat(half.scale(rule("<= 4"), MetricUnit.COUNT).condition()).hasToString("<= 8");
        assertThat(half.scale(rule(">= 6"), MetricUnit.COUNT).condition()).hasToString(">= 3");
        assertThat(half.scale(rule("0.10..0.20"), MetricUnit.RATIO).condition()).hasToString("0.05..0.1");
        assertThat(half.scale(rule("== 3"), MetricUnit.COUNT).condition()).hasToString("== 3");
        assertThat(half.scale(rule(">= 1"), MetricUnit.FLAG).condition()).hasToString(">= 1");

        DeploymentPolicy heightened = POLICY.heightenedRules(dev.rewind.incident.domain.Policy.RUNBOOK_UNITS);
        List<dev.rewind.events.Sample> threeBlocked = List.of(new dev.rewind.events.Sample(3, T0));
        assertThat(POLICY.classify("users_blocked", threeBlocked).orElseThrow().tier()).isEqualTo(3);
        assertThat(heightened.classify("users_blocked", threeBlocked).orElseThrow().tier()).isEqualTo(2);
    }

    private UUID givenWatching() {
        UUID incident = givenRestoredWithRootCause();
        given(decider.signOff(state(), SignOff.FIX_APPROVED, "2.0.1", null, ALICE).events());
        given(decider.signOff(state(), SignOff.TESTING_CERTIFIED, "2.0.1", null, QUINN).events());
        given(decider.signOff(state(), SignOff.DEPLOYMENT_APPROVED, "2.0.1", null, PAT).events());
        return incident;
    }

    private Signal signal(String version) {
        return new Signal(DEPLOYMENT, version, "users_blocked", 0, context.now(), null);
    }

    private static TierRule rule(String when) {
        return new TierRule("users_blocked", 2, Condition.parse(when), Duration.ZERO);
    }
}
