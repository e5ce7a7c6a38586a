package dev.rewind.verifier.checks;

import dev.rewind.events.CheckStatus;

/** The outcome of one check, with its evidence: what was expected, what was found, where. */
public record CheckResult(String check, CheckStatus status, String expected, String found, String detail, long durationMs) {

    public static CheckResult passed(String check, String expected, String found) {
        return new CheckResult(check, CheckStatus.PASSED, expected, found, null, 0);
    }

    public static CheckResult failed(String check, String expected, String found, String detail) {
        return new CheckResult(check, CheckStatus.FAILED, expected, found, detail, 0);
    }

    public static CheckResult inconclusive(String check, String expected, String detail) {
        return new CheckResult(check, CheckStatus.INCONCLUSIVE, expected, null, detail, 0);
    }

    public CheckResult timed(long millis) {
        return new CheckResult(check, status, expected, found, detail, millis);
    }
}
