package dev.rewind.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.testing.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator file with a mistake stops the service at start-up with a message naming file, line and field. */
class BadConfigurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "incident-service | REWIND_POLICY_PATH       | defaults:\\n  rules:\\n    - { metric: users_blocked, tier: 2, when: \"> many\" }\\n | :3: defaults.rules[0].when",
            "executor-service | REWIND_DEPLOYMENTS_PATH  | deployments:\\n  wf:\\n    target: relative/path\\n    backups: { directory: /tmp }\\n | :3: deployments.wf.target",
            "verifier-service | REWIND_VERIFICATION_PATH | profiles:\\n  wf:\\n    requiredFiles: [\"steps/[\"]\\n | :3: profiles.wf.requiredFiles",
            "notifier-service | REWIND_CONTACTS_PATH     | people:\\n  - { name: Tess, roles: [tech-lead], email: tess-at-example }\\nchannels: { mail: {} }\\n | :2: people[0].email",
    })
    void the_service_refuses_to_start_and_names_the_line(String service, String variable, String content, String expected) throws Exception {
        Path file = Files.createTempFile("rewind-bad-config", ".yaml");
        Files.writeString(file, content.replace("\\n", "\n"));
        try (ServiceProcess process = ServiceProcess.start(service, 18099, Map.of(variable, file.toString()))) {
            OptionalInt exit = process.awaitExit(Duration.ofSeconds(90));
            assertThat(exit).as("%s should stop at start-up", service).isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(process.log()).contains(file + expected);
        }
    }
}
