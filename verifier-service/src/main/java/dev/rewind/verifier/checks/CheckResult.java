package dev.rewind.verifier.checks;

import dev.rewind.events.CheckKind;
import dev.rewind.events.CheckStatus;

/**
 * The outcome of one check, with its evidence: what was expected, what was found, where. A check reports its status
 * and evidence; the verifier adds its kind and how long it took ({@link #of}).
 */
public record CheckResult(String check, CheckStatus status, String expected, String found, String detail, long durationMs,
                          CheckKind kind) {

    public static CheckResult passed(String check, String expected, String found) {
        return new CheckResult(check, CheckStatus.PASSED, expected, found, null, 0, null);
    }

    public static CheckResult failed(String check, String expected, String found, String detail) {
        return new CheckResult(check, CheckStatus.FAILED, expected, found, detail, 0, null);
    }

    public static CheckResult inconclusive(String check, String expected, String detail) {
        return new CheckResult(check, CheckStatus.INCONCLUSIVE, expected, null, detail, 0, null);
    }

    /** This result as the verifier records it: of that check, taking that long. */
    public CheckResult of(CheckKind kind, long millis) {
        return new CheckResult(check, status, expected, found, detail, millis, kind);
    }
}
