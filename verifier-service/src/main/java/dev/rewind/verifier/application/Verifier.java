package dev.rewind.verifier.application;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.CheckStatus;
import dev.rewind.events.Verdict;
import dev.rewind.events.VerificationStage;
import dev.rewind.verifier.checks.Check;
import dev.rewind.verifier.checks.CheckResult;
import dev.rewind.verifier.config.Profiles;
import dev.rewind.verifier.config.VerificationProfile;

/** Runs every check of a stage, even after one fails, and reaches the verdict: PASSED only if all passed. */
@ApplicationScoped
public class Verifier {
    private final Profiles profiles;

    public Verifier(Profiles profiles) {
        this.profiles = profiles;
    }

    public record Outcome(VerificationStage stage, Verdict verdict, List<CheckResult> results, String report) {
        public long count(CheckStatus status) {
            return results.stream().filter(r -> r.status() == status).count();
        }

        public List<String> notPassed() {
            return results.stream().filter(r -> r.status() != CheckStatus.PASSED).map(CheckResult::check).toList();
        }
    }

    public Outcome verify(String deployment, Path tree, VerificationStage stage, String expectedVersion) {
        VerificationProfile profile = profiles.forDeployment(deployment);
        List<Check> checks = stage == VerificationStage.VALIDATION ? profile.validation() : profile.smoke();
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            long start = System.nanoTime();
            CheckResult result;
            try {
                result = check.run(tree.toAbsolutePath().normalize(), expectedVersion);
            } catch (Exception e) {
                result = CheckResult.inconclusive(check.name(), null, "the check could not run: " + e);
            }
            results.add(result.of(check.kind(), (System.nanoTime() - start) / 1_000_000));
        }
        Verdict verdict = results.stream().allMatch(r -> r.status() == CheckStatus.PASSED) ? Verdict.PASSED : Verdict.FAILED;
        return new Outcome(stage, verdict, List.copyOf(results), report(stage, verdict, results));
    }

    /** The runbook's results document (smoke-test-results.txt): PASS/FAIL per test, then overall. */
    static String report(VerificationStage stage, Verdict verdict, List<CheckResult> results) {
        StringBuilder text = new StringBuilder(stage == VerificationStage.SMOKE ? "Smoke test results\n" : "Validation results\n");
        int index = 1;
        for (CheckResult result : results) {
            text.append(String.format(Locale.ROOT, "Test %d (%s): %s%s%n", index++, result.check(),
                    result.status() == CheckStatus.PASSED ? "PASS" : result.status() == CheckStatus.FAILED ? "FAIL" : "INCONCLUSIVE",
                    result.detail() == null ? "" : " — " + result.detail()));
        }
        return text.append("Overall: ").append(verdict == Verdict.PASSED ? "PASS" : "FAIL").append('\n').toString();
    }
}
