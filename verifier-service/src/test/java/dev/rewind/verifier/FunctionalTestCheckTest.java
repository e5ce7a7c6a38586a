package dev.rewind.verifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rewind.events.CheckStatus;
import dev.rewind.verifier.checks.CheckResult;
import dev.rewind.verifier.checks.FunctionalTestCheck;
import dev.rewind.verifier.checks.HttpHealthCheck;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionalTestCheckTest {
    static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    @Test
    void the_command_passes_on_exit_0_fails_otherwise_and_is_inconclusive_past_its_limit() throws Exception {
        CheckResult ok = new FunctionalTestCheck(List.of("sh", "-c", "test -d ."), Duration.ofSeconds(10)).run(TMP, null);
        assertThat(ok.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(ok.found()).startsWith("exit 0 after");

        CheckResult failed = new FunctionalTestCheck(List.of("sh", "-c", "exit 3"), Duration.ofSeconds(10)).run(TMP, null);
        assertThat(failed.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(failed.found()).startsWith("exit 3");

        CheckResult slow = new FunctionalTestCheck(List.of("sleep", "5"), Duration.ofMillis(300)).run(TMP, null);
        assertThat(slow.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
    }

    @Test
    void an_http_check_with_nothing_listening_fails_with_the_reason() throws Exception {
        CheckResult result = new HttpHealthCheck("http://127.0.0.1:1/health", 200, Duration.ofSeconds(2)).run(TMP, null);
        assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.detail()).startsWith("connection failed");
    }
}
