package dev.rewind.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The time rules of a bearer token beyond its expiry: not issued (and not valid from) a moment later
 * than now plus a small skew, and not older than the maximum age. A pure rule, so it is tested alone.
 */
public record TokenTimes(Duration skew, Duration maxAge) {

    /** Why the token is refused, or empty when its times are acceptable. Times in epoch seconds; 0 = absent. */
    public Optional<String> problem(long issuedAt, long notBefore, Instant now) {
        if (issuedAt <= 0) {
            return Optional.of("the token has no iat (issued-at) claim");
        }
        Instant latest = now.plus(skew);
        if (Instant.ofEpochSecond(issuedAt).isAfter(latest)) {
            return Optional.of("the token's iat lies in the future");
        }
        if (notBefore > 0 && Instant.ofEpochSecond(notBefore).isAfter(latest)) {
            return Optional.of("the token is not valid yet (nbf)");
        }
        if (Instant.ofEpochSecond(issuedAt).isBefore(now.minus(maxAge))) {
            return Optional.of("the token is older than " + maxAge.toHours() + " hours");
        }
        return Optional.empty();
    }
}
