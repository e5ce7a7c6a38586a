package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.events.MetricUnit;
import dev.rewind.events.Signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalAdmissionTest {
    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final DeploymentPolicy DEFAULTS = new DeploymentPolicy(List.of(
            new TierRule("workflow_failure_rate", 1, Condition.parse("> 0.20"), Duration.ofMinutes(5)),
            new TierRule("users_blocked", 2, Condition.parse("> 5"), Duration.ZERO),
            new TierRule("database_corruption", 1, Condition.parse(">= 1"), Duration.ZERO),
            new TierRule("knowledge_mcp_unavailable_seconds", 1, Condition.parse("> 900"), Duration.ZERO)),
            true, List.of(), DecisionLimits.RUNBOOK);
    static final Policy STRICT = new Policy(DEFAULTS, Map.of("wf", DEFAULTS), Policy.RUNBOOK_UNITS, false);
    static final SignalAdmission ADMISSION = new SignalAdmission(STRICT, Duration.ofHours(1), Duration.ofMinutes(5));

    static Signal signal(String deployment, String metric, double value, Instant observedAt) {
        return new Signal(deployment, "2.0.0", metric, value, observedAt, null);
    }

    @Test
    void a_deployment_the_policy_does_not_name_is_refused_unless_the_policy_takes_any() {
        assertThatThrownBy(() -> ADMISSION.check(signal("stranger", "users_blocked", 3, NOW), NOW))
                .isInstanceOfSatisfying(SignalRefusedException.class, e -> assertThat(e.field()).isEqualTo("deployment"))
                .hasMessageContaining("unconfiguredDeployments: accept");
        SignalAdmission open = new SignalAdmission(new Policy(DEFAULTS, Map.of(), Policy.RUNBOOK_UNITS, true),
                Duration.ofHours(1), Duration.ofMinutes(5));
        assertThatCode(() -> open.check(signal("stranger", "users_blocked", 3, NOW), NOW)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} = {1}: {2}")
    @CsvSource({
            "workflow_failure_rate, 0, true", "workflow_failure_rate, 1, true", "workflow_failure_rate, 1.01, false",
            "workflow_failure_rate, -0.01, false", "users_blocked, 0, true", "users_blocked, 12, true",
            "users_blocked, 1.5, false", "users_blocked, -1, false", "users_blocked, 1e300, false",
            "database_corruption, 0, true", "database_corruption, 1, true", "database_corruption, 0.5, false",
            "database_corruption, 7, false", "knowledge_mcp_unavailable_seconds, 901.5, true",
            "knowledge_mcp_unavailable_seconds, -1, false"})
    void a_value_must_fit_its_metric_s_unit(String metric, double value, boolean fits) {
        Signal signal = signal("wf", metric, value, NOW);
        if (fits) {
            assertThatCode(() -> ADMISSION.check(signal, NOW)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> ADMISSION.check(signal, NOW))
                    .isInstanceOfSatisfying(SignalRefusedException.class, e -> assertThat(e.field()).isEqualTo("value"));
        }
    }

    @Test
    void observed_times_outside_the_window_around_now_are_refused() {
        for (Instant far : List.of(NOW.minus(Duration.ofMinutes(61)), NOW.plus(Duration.ofMinutes(6)),
                Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("2999-01-01T00:00:00Z"))) {
            assertThatThrownBy(() -> ADMISSION.check(signal("wf", "users_blocked", 3, far), NOW))
                    .isInstanceOfSatisfying(SignalRefusedException.class, e -> assertThat(e.field()).isEqualTo("observedAt"));
        }
        assertThatCode(() -> ADMISSION.check(signal("wf", "users_blocked", 3, NOW.minus(Duration.ofMinutes(59))), NOW))
                .doesNotThrowAnyException();
        assertThatCode(() -> ADMISSION.check(signal("wf", "users_blocked", 3, NOW.plus(Duration.ofMinutes(4))), NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void a_metric_the_deployment_s_policy_does_not_know_is_refused() {
        assertThatThrownBy(() -> ADMISSION.check(signal("wf", "cpu_temperature", 3, NOW), NOW))
                .isInstanceOfSatisfying(SignalRefusedException.class, e -> assertThat(e.field()).isEqualTo("metric"));
        assertThat(MetricUnit.COUNT.fits(MetricUnit.MAX_COUNT)).isTrue();
    }
}
