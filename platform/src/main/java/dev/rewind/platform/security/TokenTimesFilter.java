package dev.rewind.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.rewind.platform.rest.Problem;

/**
 * Refuses (401) a verified token whose {@code iat} or {@code nbf} lies in the future beyond the skew, or
 * that is older than {@code rewind.jwt.max-age}: SmallRye JWT checks signature, issuer, audience and expiry.
 */
public class TokenTimesFilter {
    private final TokenTimes rule;

    @Inject
    JsonWebToken token;

    public TokenTimesFilter(@ConfigProperty(name = "rewind.jwt.clock-skew", defaultValue = "PT60S") Duration skew,
                            @ConfigProperty(name = "rewind.jwt.max-age", defaultValue = "PT12H") Duration maxAge) {
        this.rule = new TokenTimes(skew, maxAge);
    }

    @ServerRequestFilter
    public Optional<Response> checkTimes() {
        if (token == null || token.getRawToken() == null) {
            return Optional.empty();
        }
        return rule.problem(seconds(Claims.iat), seconds(Claims.nbf), Instant.now())
                .map(problem -> Problem.of(Response.Status.UNAUTHORIZED, problem, "Authorization"));
    }

    private long seconds(Claims claim) {
        Object value = token.getClaim(claim.name());
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof jakarta.json.JsonNumber number) {
            return number.longValue();
        }
        return 0;
    }
}
