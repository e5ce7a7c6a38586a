package dev.rewind.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.rewind.testing.ServiceProcess;

/**
 * An operator file with a mistake stops the service at start-up with a message naming file, line and field. The four
 * services start at once, each with its own bad file.
 */
class BadConfigurationTest {
    /** A service, the variable naming its operator file, the file's content, and what its refusal must say after the path. */
    record BadFile(String service, String variable, String content, String expected) {
    }

    static final List<BadFile> FILES = List.of(
            new BadFile("incident-service", "REWIND_POLICY_PATH",
                    "defaults:\n  rules:\n    - { metric: users_blocked, tier: 2, when: \"> many\" }\n", ":3: defaults.rules[0].when"),
            new BadFile("executor-service", "REWIND_DEPLOYMENTS_PATH",
                    "deployments:\n  wf:\n    target: relative/path\n    backups: { directory: /tmp }\n", ":3: deployments.wf.target"),
            new BadFile("verifier-service", "REWIND_VERIFICATION_PATH",
                    "profiles:\n  wf:\n    requiredFiles: [\"steps/[\"]\n", ":3: profiles.wf.requiredFiles"),
            new BadFile("notifier-service", "REWIND_CONTACTS_PATH",
                    "people:\n  - { name: Tess, roles: [tech-lead], email: tess-at-example }\nchannels: { mail: {} }\n", ":2: people[0].email"));

    @Test
    void each_service_refuses_to_start_and_names_the_line() throws Exception {
        List<ServiceProcess> started = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try {
            int port = 18095;
            for (BadFile bad : FILES) {
                Path file = Files.writeString(Files.createTempFile("rewind-bad-config", ".yaml"), bad.content());
                files.add(file);
                started.add(ServiceProcess.start(bad.service(), bad.service() + "-bad-configuration", port++, Map.of(bad.variable(), file.toString())));
            }
            SoftAssertions softly = new SoftAssertions();
            for (int i = 0; i < FILES.size(); i++) {
                BadFile bad = FILES.get(i);
                OptionalInt exit = started.get(i).awaitExit(Duration.ofSeconds(90));
                softly.assertThat(exit).as("%s should stop at start-up", bad.service()).isPresent();
                exit.ifPresent(code -> softly.assertThat(code).as(bad.service()).isNotZero());
                softly.assertThat(started.get(i).log()).as(bad.service()).contains(files.get(i) + bad.expected());
            }
            softly.assertAll();
        } finally {
            for (ServiceProcess process : started) {
                process.close();
            }
        }
    }
}
