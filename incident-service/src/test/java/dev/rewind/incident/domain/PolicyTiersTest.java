package dev.rewind.incident.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.events.Sample;
import dev.rewind.incident.config.PolicyFile;

import static org.assertj.core.api.Assertions.assertThat;

/** Every trigger of the runbook's three tiers, through the built-in policy. */
class PolicyTiersTest {
    static final DeploymentPolicy SEED = PolicyFile.load(PolicyFile.BUILT_IN).forDeployment("ai-engineering-workflow");
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @ParameterizedTest(name = "{0} = {1} -> tier {2}")
    @CsvSource({
            // Tier 1 (the failure rate needs 5 sustained minutes: see the window tests)
            "knowledge_mcp_unavailable_seconds, 901,  1",
            "knowledge_mcp_unavailable_seconds, 900,  0",
            "step1_start_failure_ratio,         1.0,  1",
            "step1_start_failure_ratio,         0.99, 0",
            "critical_security_vulnerability,   1,    1",
            "critical_security_vulnerability,   0,    0",
            "database_corruption,               1,    1",
            // Tier 2
            "workflow_failure_rate,             0.15, 2",
            "workflow_failure_rate,             0.10, 2",
            "workflow_failure_rate,             0.20, 2",
            "knowledge_mcp_error_rate,          0.06, 2",
            "users_blocked,                     6,    2",
            "performance_degradation,           0.31, 2",
            "data_integrity_warnings,           1,    2",
            "data_integrity_warnings,           0,    0",
            // Tier 3
            "workflow_failure_rate,             0.07, 3",
            "workflow_failure_rate,             0.05, 3",
            "workflow_failure_rate,             0.04, 0",
            "knowledge_mcp_error_rate,          0.05, 3",
            "knowledge_mcp_error_rate,          0.02, 3",
            "knowledge_mcp_error_rate,          0.01, 0",
            "users_blocked,                     1,    3",
            "users_blocked,                     5,    3",
            "users_blocked,                     0,    0",
            "performance_degradation,           0.30, 3",
            "performance_degradation,           0.10, 3",
            "performance_degradation,           0.05, 0",
            "noncritical_feature_failures,      2,    3",
    })
    void one_sample_classifies_by_the_most_severe_rule_that_holds(String metric, double value, int tier) {
        Optional<Classification> classification = SEED.classify(metric, List.of(new Sample(value, T0)));
        assertThat(classification.map(Classification::tier).orElse(0)).isEqualTo(tier);
    }

    @Test
    void a_failure_rate_above_20_percent_is_tier_1_only_once_it_held_for_5_minutes() {
        List<Sample> samples = new ArrayList<>();
        for (int minute = 0; minute <= 5; minute++) {
            samples.add(new Sample(0.25, T0.plusSeconds(60L * minute)));
            int expected = minute < 5 ? 2 : 1;
            assertThat(SEED.classify("workflow_failure_rate", samples).orElseThrow().tier())
                    .as("after %d min", minute).isEqualTo(expected);
        }
        Classification tier1 = SEED.classify("workflow_failure_rate", samples).orElseThrow();
        assertThat(tier1.evidence()).hasSize(6);
        assertThat(tier1.rule().window().toMinutes()).isEqualTo(5);
    }

    @Test
    void one_good_sample_inside_the_window_resets_it() {
        List<Sample> samples = new ArrayList<>();
        for (int minute = 0; minute <= 6; minute++) {
            samples.add(new Sample(minute == 3 ? 0.12 : 0.25, T0.plusSeconds(60L * minute)));
        }
        assertThat(SEED.classify("workflow_failure_rate", samples).orElseThrow().tier()).isEqualTo(2);
    }

    @Test
    void samples_out_of_order_are_judged_by_their_observation_time() {
        List<Sample> samples = List.of(new Sample(0.3, T0.plusSeconds(300)), new Sample(0.3, T0), new Sample(0.3, T0.plusSeconds(120)));
        assertThat(SEED.classify("workflow_failure_rate", samples).orElseThrow().tier()).isEqualTo(1);
    }

    @Test
    void the_seed_knows_the_ten_metrics_of_the_contract() {
        assertThat(SEED.knownMetrics()).containsExactlyInAnyOrder("workflow_failure_rate",
                "knowledge_mcp_unavailable_seconds", "knowledge_mcp_error_rate", "step1_start_failure_ratio",
                "users_blocked", "performance_degradation", "critical_security_vulnerability", "database_corruption",
                "data_integrity_warnings", "noncritical_feature_failures");
        assertThat(SEED.autoAuthorizeTier1()).isTrue();
        assertThat(SEED.escalation()).extracting(EscalationStep::role)
                .containsExactly("senior-oncall", "tech-lead", "infrastructure-lead");
        assertThat(SEED.escalation()).extracting(s -> s.after().toMinutes()).containsExactly(0L, 5L, 10L);
    }
}
