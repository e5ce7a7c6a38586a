package dev.rewind.executor.config;

import org.junit.jupiter.api.Test;

import dev.rewind.platform.config.ConfigFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentsFileTest {
    private static final String GOOD = """
            deployments:
              wf:
                target: /srv/wf
                lastGoodVersion: 1.0.0
                backups: { directory: /backups }
                workload:
                  controller: process
                  match: ["sh -c sleep [0-9]+; : wf"]
                  user: workflow
                  killTimeout: 3s
            """;

    @Test
    void a_good_file_reads_the_workload_scope_and_bounds() {
        DeploymentTarget wf = DeploymentsFile.parse("deployments.yaml", GOOD).get("wf");
        assertThat(wf.lastGoodVersion()).isEqualTo("1.0.0");
        assertThat(wf.workload().user()).isEqualTo("workflow");
        assertThat(wf.workload().killTimeout()).hasSeconds(3);
    }

    @Test
    void names_that_could_reach_a_path_or_an_argument_stop_start_up_naming_the_line() {
        assertThatThrownBy(() -> DeploymentsFile.parse("deployments.yaml", GOOD.replace("  wf:", "  ../wf:")))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.field()).isEqualTo("deployments.../wf");
                    assertThat(e.line()).isEqualTo(3);
                });
        assertThatThrownBy(() -> DeploymentsFile.parse("deployments.yaml", GOOD.replace("1.0.0", "\"--upload-pack=x\"")))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.field()).isEqualTo("deployments.wf.lastGoodVersion");
                    assertThat(e.line()).isEqualTo(4);
                });
        assertThatThrownBy(() -> DeploymentsFile.parse("deployments.yaml", GOOD.replace("3s", "forever")))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> assertThat(e.field()).isEqualTo("deployments.wf.workload.killTimeout"));
    }

    @Test
    void the_broken_versions_archive_is_fast_gzip_unless_the_file_says_otherwise() {
        assertThat(DeploymentsFile.parse("deployments.yaml", GOOD).get("wf").backups().gzipLevel()).isEqualTo(1);
        assertThat(DeploymentsFile.parse("deployments.yaml", GOOD.replace("{ directory: /backups }", "{ directory: /backups, gzipLevel: 6 }"))
                .get("wf").backups().gzipLevel()).isEqualTo(6);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "10", "-1", "fast", "1e3", "99999999999", "\"\"", "[6]", "6.5"})
    void a_gzip_level_outside_1_to_9_stops_start_up_naming_the_line(String level) {
        assertThatThrownBy(() -> DeploymentsFile.parse("deployments.yaml",
                GOOD.replace("{ directory: /backups }", "{ directory: /backups, gzipLevel: " + level + " }")))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.field()).isEqualTo("deployments.wf.backups.gzipLevel");
                    assertThat(e.line()).isEqualTo(5);
                });
    }

    @Test
    void every_key_of_the_schema_is_documented_in_the_readme() throws Exception {
        org.assertj.core.api.Assertions.assertThat(dev.rewind.testing.SchemaDocumentation.undocumented(DeploymentsFile.Document.class, "The deployments file")).isEmpty();
    }

    static java.util.List<org.junit.jupiter.params.provider.Arguments> hostile() {
        return dev.rewind.testing.HostileYaml.variants(GOOD);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("hostile")
    void a_hostile_file_is_refused_naming_its_line_and_field_or_read_never_a_crash(String description, String text) {
        dev.rewind.testing.HostileYaml.assertReadOrRefused(() -> DeploymentsFile.parse("deployments.yaml", text), ConfigFileException.class, ConfigFileException::field,
                ConfigFileException::line);
    }

    @Test
    void the_file_shipped_with_the_kubernetes_manifests_reads() throws Exception {
        org.assertj.core.api.Assertions.assertThat(DeploymentsFile.load(dev.rewind.testing.RepositoryFiles.path("k8s/base/operator-files/deployments.yaml"))).isNotEmpty();
    }
}
