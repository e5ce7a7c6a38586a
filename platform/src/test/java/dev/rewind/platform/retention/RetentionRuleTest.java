package dev.rewind.platform.retention;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-P1D", "-PT1S"})
    void a_keep_that_is_not_positive_is_refused_naming_the_setting(String keep) {
        assertThatThrownBy(() -> new RetentionRule("outbox", "published_at", "", Duration.parse(keep), "rewind.retention.outbox"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rewind.retention.outbox must be a positive duration");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5})
    void a_chunk_below_one_is_refused_naming_the_setting(int chunk) {
        assertThatThrownBy(() -> new RetentionJob(null, null, null, chunk))
                .hasMessage("rewind.retention.chunk must be at least 1, not " + chunk);
    }

    @org.junit.jupiter.api.Test
    void the_delete_takes_one_chunk_of_the_old_rows_that_match() {
        assertThat(new RetentionRule("outbox", "published_at", "published_at is not null", Duration.ofDays(7), "x").deleteChunk())
                .isEqualTo("delete from outbox where ctid = any(array(select ctid from outbox where published_at < ?1"
                        + " and published_at is not null limit ?2))");
    }
}
