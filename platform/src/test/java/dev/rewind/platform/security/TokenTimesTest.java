package dev.rewind.platform.security;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTimesTest {
    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final TokenTimes RULE = new TokenTimes(Duration.ofSeconds(60), Duration.ofHours(12));

    static long at(Duration fromNow) {
        return NOW.plus(fromNow).getEpochSecond();
    }

    @Test
    void a_token_issued_now_or_a_little_ahead_by_a_skewed_clock_is_fine() {
        assertThat(RULE.problem(at(Duration.ZERO), 0, NOW)).isEmpty();
        assertThat(RULE.problem(at(Duration.ofSeconds(59)), at(Duration.ofSeconds(59)), NOW)).isEmpty();
        assertThat(RULE.problem(at(Duration.ofHours(-11)), 0, NOW)).isEmpty();
    }

    @Test
    void a_token_issued_tomorrow_is_refused() {
        assertThat(RULE.problem(at(Duration.ofDays(1)), 0, NOW)).hasValueSatisfying(p -> assertThat(p).contains("iat"));
        assertThat(RULE.problem(at(Duration.ofSeconds(61)), 0, NOW)).isPresent();
    }

    @Test
    void a_token_not_valid_yet_is_refused() {
        assertThat(RULE.problem(at(Duration.ZERO), at(Duration.ofHours(1)), NOW)).hasValueSatisfying(p -> assertThat(p).contains("nbf"));
    }

    @Test
    void a_token_older_than_the_maximum_age_or_without_iat_is_refused() {
        assertThat(RULE.problem(at(Duration.ofHours(-13)), 0, NOW)).hasValueSatisfying(p -> assertThat(p).contains("older"));
        assertThat(RULE.problem(0, 0, NOW)).hasValueSatisfying(p -> assertThat(p).contains("no iat"));
    }
}
