package dev.rewind.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequireTest {
    @Test
    void plain_text_has_no_control_characters_no_bidirectional_overrides_and_no_half_characters() {
        assertThat(Require.plain("Grüße 👋 fine", "detail")).isEqualTo("Grüße 👋 fine");
        assertThat(Require.plain("שלום \u200f mixed", "detail")).as("a right-to-left mark is text").isEqualTo("שלום \u200f mixed");
        for (String bad : new String[] {"a\u0000b", "a\nb", "a\u001bb", "a\u007fb", "a\u0085b", "\ud800", "x\udc00", "\uffff",
                "ok\u202egnp.exe", "a\u202ab", "a\u2066b", "a\u2069b"}) {
            assertThatThrownBy(() -> Require.plain(bad, "detail")).isInstanceOfSatisfying(InvalidEventException.class,
                    e -> assertThat(e.field()).isEqualTo("detail"));
        }
    }

    @Test
    void clipped_text_fits_its_limit_and_says_it_was_cut() {
        String clipped = Require.clip("x".repeat(10_000), 4096);
        assertThat(clipped).hasSize(4096).endsWith("… [5904 more characters cut]");
        assertThat(Require.clip("short", 4096)).isEqualTo("short");
        assertThat(Require.clip(null, 10)).isNull();
        String emoji = "👋".repeat(3000);
        assertThat(Require.clip(emoji, 4095)).hasSizeLessThanOrEqualTo(4095).doesNotContain("\ud83d…");
    }

    @Test
    void names_follow_their_charsets() {
        assertThat(Names.deployment("ai-engineering-workflow", "deployment")).isEqualTo("ai-engineering-workflow");
        assertThat(Names.deployment("billing.eu-1", "deployment")).isEqualTo("billing.eu-1");
        assertThat(Names.version("2.0.0-rc.1+build.7", "version")).isEqualTo("2.0.0-rc.1+build.7");
        for (String bad : new String[] {"../../etc", "a/b", "A", "-a", "a-", "a..b", "a b", "<x>", ""}) {
            assertThatThrownBy(() -> Names.deployment(bad, "deployment")).isInstanceOf(InvalidEventException.class);
        }
        for (String bad : new String[] {"1..2", "../1", "-1", "1 0", "1;id", ""}) {
            assertThatThrownBy(() -> Names.version(bad, "version")).isInstanceOf(InvalidEventException.class);
        }
    }

    @Test
    void a_rollback_command_carries_no_name_that_could_reach_a_path_or_an_option() {
        java.util.UUID id = java.util.UUID.randomUUID();
        java.time.Instant at = java.time.Instant.parse("2026-12-02T10:00:00Z");
        String[][] hostile = {
                {"../../etc", "2.0.0", null, "deployment"},
                {"ai-engineering-workflow", "2.0.0\nx", null, "fromVersion"},
                {"ai-engineering-workflow", "2.0.0", "../../../tmp/x", "targetVersion"},
                {"ai-engineering-workflow", "2.0.0", "--output=/etc/passwd", "targetVersion"},
                {"ai-engineering-workflow", "2.0.0", "1.0.0 --upload-pack=touch", "targetVersion"},
        };
        for (String[] bad : hostile) {
            assertThatThrownBy(() -> new AuthorizationEvent.RollbackAuthorized(id, id, at, bad[0], bad[1], bad[2], "policy:tier1", null))
                    .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo(bad[3]));
        }
        assertThat(new AuthorizationEvent.RollbackAuthorized(id, id, at, "ai-engineering-workflow", "2.0.0", null, "policy:tier1", null)
                .targetVersion()).isNull();
    }
}
