package dev.rewind.incident.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.events.MetricUnit;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.platform.config.ConfigFileException;
import dev.rewind.incident.domain.Policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFileTest {
    static final String GOOD = """
            defaults:
              autoAuthorizeTier1: true
              escalation:
                - { role: senior-oncall, after: 0m }
                - { role: tech-lead, after: 5m }
              rules:
                - { metric: workflow_failure_rate, tier: 1, when: "> 0.20", for: 5m }
                - { metric: users_blocked, tier: 2, when: "> 5" }
            deployments:
              billing:
                autoAuthorizeTier1: false
                rules:
                  - { metric: users_blocked, tier: 2, when: "> 50" }
                  - { metric: queue_depth, tier: 3, when: "1000..100000" }
            metrics:
              queue_depth: count
            """;

    @Test
    void a_deployment_overrides_the_defaults_key_by_key_and_rule_by_metric() {
        Policy policy = PolicyFile.parse("policy.yaml", GOOD);
        DeploymentPolicy billing = policy.forDeployment("billing");

        assertThat(billing.autoAuthorizeTier1()).isFalse();
        assertThat(billing.escalation()).hasSize(2);
        assertThat(billing.knownMetrics()).containsExactlyInAnyOrder("users_blocked", "queue_depth", "workflow_failure_rate");
        assertThat(billing.rules()).filteredOn(r -> r.metric().equals("users_blocked")).singleElement()
                .satisfies(r -> assertThat(r.condition().test(20)).isFalse());
        assertThat(policy.forDeployment("other").autoAuthorizeTier1()).isTrue();
        assertThat(policy.unitOf("queue_depth")).contains(MetricUnit.COUNT);
        assertThat(policy.unitOf("workflow_failure_rate")).contains(MetricUnit.RATIO);
        assertThat(policy.isConfigured("billing")).isTrue();
        assertThat(policy.isConfigured("other")).isFalse();
        assertThat(policy.acceptsUnconfigured()).as("refused unless the file says accept").isFalse();
        assertThat(PolicyFile.parse("policy.yaml", "unconfiguredDeployments: accept\n" + GOOD).acceptsUnconfigured()).isTrue();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "deployments.billing.rules | has no unit      | metrics: {}",
            "metrics.queue_depth       | must be one of   | metrics: { queue_depth: furlongs }",
            "metrics.Queue Depth       | Prometheus       | metrics: { Queue Depth: count }",
            "unconfiguredDeployments   | refuse or accept | metrics: { queue_depth: count }\\nunconfiguredDeployments: maybe",
    })
    void units_and_the_unconfigured_switch_are_checked_at_start_up(String field, String problem, String replacement) {
        String text = GOOD.replace("metrics:\n  queue_depth: count\n", replacement.replace("\\n", "\n") + "\n");
        assertThatThrownBy(() -> PolicyFile.parse("policy.yaml", text))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(problem);
                });
    }

    @Test
    void a_deployment_section_needs_a_deployment_name() {
        assertThatThrownBy(() -> PolicyFile.parse("policy.yaml", GOOD.replace("  billing:", "  ../billing:")))
                .isInstanceOf(ConfigFileException.class).hasMessageContaining("deployments.../billing");
    }

    @Test
    void the_built_in_policy_names_the_runbook_deployment_and_refuses_others() {
        Policy builtIn = PolicyFile.load(PolicyFile.BUILT_IN);
        assertThat(builtIn.isConfigured("ai-engineering-workflow")).isTrue();
        assertThat(builtIn.acceptsUnconfigured()).isFalse();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "7  | rules[0].when     | - { metric: workflow_failure_rate, tier: 1, when: \"> lots\", for: 5m }",
            "7  | rules[0].tier     | - { metric: workflow_failure_rate, tier: 4, when: \"> 0.20\", for: 5m }",
            "7  | rules[0].for      | - { metric: workflow_failure_rate, tier: 1, when: \"> 0.20\", for: soon }",
            "7  | rules[0].metric   | - { tier: 1, when: \"> 0.20\", for: 5m }",
            "7  | rules[0].treshold | - { metric: workflow_failure_rate, tier: 1, treshold: 0.2 }",
    })
    void a_bad_rule_is_named_by_line_and_field(int line, String field, String badRule) {
        String text = GOOD.replace("- { metric: workflow_failure_rate, tier: 1, when: \"> 0.20\", for: 5m }", badRule);
        assertThatThrownBy(() -> PolicyFile.parse("policy.yaml", text))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.field()).isEqualTo("defaults." + field);
                    assertThat(e.getMessage()).startsWith("policy.yaml:" + line + ": defaults." + field);
                });
    }

    @Test
    void heightened_monitoring_is_the_runbook_s_unless_set_and_a_deployment_overrides_it_key_by_key() {
        assertThat(PolicyFile.parse("policy.yaml", GOOD).forDeployment("billing").heightened())
                .isEqualTo(dev.rewind.incident.domain.HeightenedPolicy.RUNBOOK);
        String text = GOOD.replace("  rules:\n    - { metric: workflow", "  heightened: { for: 12h, thresholds: 0.8 }\n  rules:\n    - { metric: workflow")
                .replace("    autoAuthorizeTier1: false\n", "    autoAuthorizeTier1: false\n    heightened: { windows: 0.25 }\n");
        Policy policy = PolicyFile.parse("policy.yaml", text);
        assertThat(policy.forDeployment("billing").heightened()).isEqualTo(
                new dev.rewind.incident.domain.HeightenedPolicy(java.time.Duration.ofHours(12), 0.8, 0.25));
        assertThat(policy.heightenedFor("billing").rules()).filteredOn(r -> r.metric().equals("users_blocked")).singleElement()
                .satisfies(r -> assertThat(r.condition()).hasToString("> 40"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "defaults.heightened.thresholds | thresholds: 0",
            "defaults.heightened.thresholds | thresholds: 1.5",
            "defaults.heightened.thresholds | thresholds: -0.5",
            "defaults.heightened.thresholds | thresholds: lots",
            "defaults.heightened.windows    | windows: 2",
            "defaults.heightened.for        | for: -1h",
            "defaults.heightened.for        | for: forever",
            "defaults.heightened.factor     | factor: 0.5",
    })
    void a_bad_heightened_period_is_refused_naming_its_line_and_field(String field, String setting) {
        String text = GOOD.replace("  rules:\n    - { metric: workflow", "  heightened: { " + setting + " }\n  rules:\n    - { metric: workflow");
        assertThatThrownBy(() -> PolicyFile.parse("policy.yaml", text))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.line()).isEqualTo(6);
                });
    }

    @Test
    void broken_yaml_is_named_by_line() {
        assertThatThrownBy(() -> PolicyFile.parse("policy.yaml", "defaults:\n  rules: [\n  - {"))
                .isInstanceOf(ConfigFileException.class).hasMessageStartingWith("policy.yaml:");
    }

    @Test
    void an_escalation_that_runs_backwards_is_refused() {
        String text = GOOD.replace("after: 5m", "after: -1m");
        assertThatThrownBy(() -> PolicyFile.parse("policy.yaml", text)).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("escalation[1].after");
    }

    @Test
    void a_missing_file_is_reported_with_its_path() {
        assertThatThrownBy(() -> PolicyFile.load("/nonexistent/policy.yaml")).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("/nonexistent/policy.yaml");
    }

    @Test
    void every_key_of_the_schema_is_documented_in_the_readme() throws Exception {
        org.assertj.core.api.Assertions.assertThat(dev.rewind.testing.SchemaDocumentation.undocumented(PolicyFile.Document.class, "The rollback policy")).isEmpty();
    }

    static java.util.List<org.junit.jupiter.params.provider.Arguments> hostile() {
        return dev.rewind.testing.HostileYaml.variants(GOOD);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("hostile")
    void a_hostile_file_is_refused_naming_its_line_and_field_or_read_never_a_crash(String description, String text) {
        dev.rewind.testing.HostileYaml.assertReadOrRefused(() -> PolicyFile.parse("policy.yaml", text), ConfigFileException.class, ConfigFileException::field,
                ConfigFileException::line);
    }

    @Test
    void the_file_shipped_with_the_kubernetes_manifests_reads() throws Exception {
        Policy shipped = PolicyFile.load(dev.rewind.testing.RepositoryFiles.path("k8s/base/operator-files/policy.yaml").toString());
        assertThat(shipped.isConfigured("ai-engineering-workflow")).as("the deployment the other operator files name").isTrue();
    }
}
