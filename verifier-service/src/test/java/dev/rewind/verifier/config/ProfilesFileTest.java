package dev.rewind.verifier.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.platform.config.ConfigFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfilesFileTest {
    static final VerificationProfile RUNBOOK = VerificationProfile.runbook(List.of(), List.of());
    static final String GOOD = """
            profiles:
              billing:
                requiredFiles: ["app/*.jar", "conf/app.yaml"]
                versionFile: { path: conf/app.yaml, key: release }
                health:
                  - { url: "http://billing:8080/health", status: 204, timeout: 3s }
                mcp:
                  - { url: "http://knowledge:8080/mcp", tool: search, latencyLimit: 1500ms }
                functionalTest: { command: ["./smoke.sh", "--quick"], timeout: 10m }
            """;

    @Test
    void a_profile_overrides_the_runbook_key_by_key() {
        VerificationProfile billing = ProfilesFile.parse("profiles.yaml", GOOD, RUNBOOK).get("billing");

        assertThat(billing.requiredFiles()).containsExactly("app/*.jar", "conf/app.yaml");
        assertThat(billing.yamlFiles()).isEqualTo(RUNBOOK.yamlFiles());
        assertThat(billing.versionKey()).isEqualTo("release");
        assertThat(billing.health()).singleElement().satisfies(h -> assertThat(h.expectedStatus()).isEqualTo(204));
        assertThat(billing.mcp()).singleElement().satisfies(m -> {
            assertThat(m.tool()).isEqualTo("search");
            assertThat(m.latencyLimit().toMillis()).isEqualTo(1500);
            assertThat(m.query()).isEqualTo("RAG architecture patterns");
        });
        assertThat(billing.functionalTest().limit().toMinutes()).isEqualTo(10);
        assertThat(billing.validation()).hasSize(1 + 2 + 1 + 1 + 1);
        assertThat(billing.smoke()).hasSize(5);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "3 | profiles.billing.requiredFiles | requiredFiles: [\"app/[*.jar\", \"conf/app.yaml\"]",
            "3 | profiles.billing.requiredFiles | requiredFiles: [\"../etc/passwd\"]",
            "3 | profiles.billing.requiredFils  | requiredFils: [\"app/*.jar\"]",
    })
    void a_bad_entry_stops_start_up_naming_line_and_field(int line, String field, String replacement) {
        String text = GOOD.replace("requiredFiles: [\"app/*.jar\", \"conf/app.yaml\"]", replacement);
        assertThatThrownBy(() -> ProfilesFile.parse("profiles.yaml", text, RUNBOOK))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.field()).isEqualTo(field.trim());
                });
    }

    @Test
    void a_missing_url_or_a_bad_duration_is_named() {
        assertThatThrownBy(() -> ProfilesFile.parse("p.yaml", GOOD.replace("url: \"http://billing:8080/health\", ", ""), RUNBOOK))
                .isInstanceOf(ConfigFileException.class).hasMessageContaining("profiles.billing.health[0].url");
        assertThatThrownBy(() -> ProfilesFile.parse("p.yaml", GOOD.replace("1500ms", "fast"), RUNBOOK))
                .isInstanceOf(ConfigFileException.class).hasMessageContaining("profiles.billing.mcp[0].latencyLimit");
        assertThatThrownBy(() -> ProfilesFile.parse("p.yaml", GOOD.replace("http://knowledge", "ftp://knowledge"), RUNBOOK))
                .isInstanceOf(ConfigFileException.class).hasMessageContaining("profiles.billing.mcp[0].url");
    }

    @Test
    void deployments_without_a_profile_get_the_runbook() {
        Map<String, VerificationProfile> profiles = ProfilesFile.parse("p.yaml", GOOD, RUNBOOK);
        assertThat(profiles).containsOnlyKeys("billing");
    }

    @Test
    void every_key_of_the_schema_is_documented_in_the_readme() throws Exception {
        org.assertj.core.api.Assertions.assertThat(dev.rewind.testing.SchemaDocumentation.undocumented(ProfilesFile.Document.class, "Verification")).isEmpty();
    }

    static java.util.List<org.junit.jupiter.params.provider.Arguments> hostile() {
        return dev.rewind.testing.HostileYaml.variants(GOOD);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("hostile")
    void a_hostile_file_is_refused_naming_its_line_and_field_or_read_never_a_crash(String description, String text) {
        dev.rewind.testing.HostileYaml.assertReadOrRefused(() -> ProfilesFile.parse("profiles.yaml", text, RUNBOOK), ConfigFileException.class, ConfigFileException::field,
                ConfigFileException::line);
    }

    @Test
    void the_file_shipped_with_the_kubernetes_manifests_reads() throws Exception {
        org.assertj.core.api.Assertions.assertThat(ProfilesFile.load(dev.rewind.testing.RepositoryFiles.path("k8s/base/operator-files/verification.yaml"), RUNBOOK)).isNotNull();
    }
}
