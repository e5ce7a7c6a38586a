package dev.rewind.platform.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlBindingTest {

    enum Mode { FAST, SAFE }

    record Shop(@NotNull(message = "is required") Map<String, @Valid Site> sites, List<@Valid Person> people) {
    }

    record Site(@NotNull(message = "is required") String url, @Min(value = 1, message = "must be at least 1")
    @Max(value = 9, message = "must be at most 9") Integer level, Duration timeout, Mode mode, Boolean enabled) {
        Site {
            if (url != null && !url.startsWith("http")) {
                throw new ConfigValueException("url", "must be an http(s) URL, not '" + url + "'");
            }
        }
    }

    record Person(@NotNull(message = "is required") String name,
                  @Pattern(regexp = "[^@\\s]+@[^@\\s]+", message = "'%s' is not an email address") String email,
                  @NotEmpty(message = "must name at least one role") List<String> roles) {
    }

    private static final String GOOD = """
            sites:
              shop:
                url: https://shop.example.com
                level: 6
                timeout: 1m30s
                mode: safe
                enabled: true
            people:
              - name: Ann
                email: ann@example.com
                roles: [tech-lead]
            """;

    private static ConfigFileException refusal(String text) {
        try {
            YamlBinding.bind("shop.yaml", text, Shop.class);
        } catch (ConfigFileException e) {
            return e;
        }
        throw new AssertionError("accepted:\n" + text);
    }

    @Test
    void a_good_file_binds_to_its_records_with_every_value_at_its_line() {
        YamlBinding.Bound<Shop> bound = YamlBinding.bind("shop.yaml", GOOD, Shop.class);
        Site shop = bound.value().sites().get("shop");
        assertThat(shop.level()).isEqualTo(6);
        assertThat(shop.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(shop.mode()).isEqualTo(Mode.SAFE);
        assertThat(bound.value().people()).extracting(Person::name).containsExactly("Ann");
        assertThat(bound.lines().of("sites.shop")).isEqualTo(3);
        assertThat(bound.lines().of("sites.shop.level")).isEqualTo(4);
        assertThat(bound.lines().of("people[0].roles")).isEqualTo(11);
        assertThat(bound.lines().of("people[0].roles[0]")).isEqualTo(11);
        assertThat(bound.lines().of("people[0].phone")).as("a missing field: its parent's line").isEqualTo(9);
        assertThat(bound.lines().error("people[0]", "cannot be reached").getMessage())
                .isEqualTo("shop.yaml:9: people[0] cannot be reached");
    }

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // a value of the wrong type or shape
            "level: 6                    | level: fast                   | 4 | sites.shop.level   | must be a whole number, not 'fast'",
            "level: 6                    | level: 6.5                    | 4 | sites.shop.level   | must be a whole number",
            "level: 6                    | level: 99999999999            | 4 | sites.shop.level   | ",
            "level: 6                    | level: \"\"                   | 4 | sites.shop.level   | ",
            "level: 6                    | level: [6]                    | 4 | sites.shop.level   | must be a whole number",
            "level: 6                    | level: {a: 1}                 | 4 | sites.shop.level   | must be a whole number",
            "enabled: true               | enabled: maybe                | 7 | sites.shop.enabled | must be true or false, not 'maybe'",
            "mode: safe                  | mode: reckless                | 6 | sites.shop.mode    | must be one of fast, safe, not 'reckless'",
            "mode: safe                  | mode: 1                       | 6 | sites.shop.mode    | ",
            "timeout: 1m30s              | timeout: soon                 | 5 | sites.shop.timeout | is not a duration: 'soon'",
            "timeout: 1m30s              | timeout: 99999999999s         | 5 | sites.shop.timeout | is not a duration",
            "timeout: 1m30s              | timeout: [1m]                 | 5 | sites.shop.timeout | must be a duration",
            "url: https://shop.example.com | url: [a, b]                 | 3 | sites.shop.url     | must be a single value",
            "roles: [tech-lead]          | roles: tech-lead              | 11 | people[0].roles   | must be a list",
            // a key the schema does not have, anywhere
            "level: 6                    | levle: 6                      | 4 | sites.shop.levle   | is not a known field (expected one of [enabled, level, mode, timeout, url])",
            "roles: [tech-lead]          | roles: [tech-lead]\\n    pager: x | 12 | people[0].pager | is not a known field",
            // a broken constraint, a rule of the record's constructor
            "level: 6                    | level: 12                     | 4 | sites.shop.level   | must be at most 9",
            "email: ann@example.com      | email: not-an-address         | 10 | people[0].email   | 'not-an-address' is not an email address",
            "roles: [tech-lead]          | roles: []                     | 11 | people[0].roles   | must name at least one role",
            "url: https://shop.example.com | url: ftp://shop.example.com | 3 | sites.shop.url     | must be an http(s) URL, not 'ftp://shop.example.com'",
            "url: https://shop.example.com | # no url                 | 4 | sites.shop.url     | is required",
            // YAML itself: duplicate keys, aliases, syntax
            "level: 6                    | level: 6\\n    level: 7      | 5 | yaml               | Duplicate field 'level'",
            "roles: [tech-lead]          | roles: [*a]                   | 11 | people[0].roles[0] | is an alias",
            "roles: [tech-lead]          | roles: [tech-lead            | 12 | yaml              | ",
    })
    void every_refusal_names_the_line_and_the_field(String original, String replacement, int line, String field, String problem) {
        String text = GOOD.replace(original.strip().replace("\\n", "\n"), replacement.strip().replace("\\n", "\n"));
        ConfigFileException e = refusal(text);
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field.trim());
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.getMessage()).startsWith("shop.yaml:" + line + ": " + field.trim() + " ");
        if (problem != null) {
            assertThat(e.getMessage()).contains(problem.trim());
        }
    }

    @Test
    void an_alias_bomb_is_refused_at_its_first_alias_not_expanded() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [*").append((char) (c - 1)).append(", *").append((char) (c - 1)).append("]\n");
        }
        ConfigFileException e = refusal(bomb + GOOD);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("is an alias");
    }

    @Test
    void an_empty_a_scalar_or_a_huge_document_is_refused_naming_the_file() {
        assertThat(refusal("").getMessage()).isEqualTo("shop.yaml:0: file is empty");
        assertThat(refusal("just text\n").getMessage()).startsWith("shop.yaml:1: ");
        assertThat(refusal("sites: {}\n# " + "x".repeat(5 * 1024 * 1024)).getMessage()).isEqualTo("shop.yaml:0: file is larger than 4 MiB");
        assertThat(refusal("[".repeat(10_000)).getMessage()).startsWith("shop.yaml:1: yaml is nested deeper than 64");
    }

    @Test
    void constraint_messages_clip_the_value_they_quote_and_hide_control_characters() {
        ConfigFileException e = refusal(GOOD.replace("email: ann@example.com", "email: \"a\\r\\nBcc: " + "x".repeat(200) + "\""));
        assertThat(e.field()).isEqualTo("people[0].email");
        assertThat(e.getMessage()).doesNotContain("\r", "\n").contains("a??Bcc: ").contains("…");
    }

    @Test
    void the_first_broken_constraint_in_the_file_is_the_one_reported() {
        ConfigFileException e = refusal(GOOD.replace("level: 6", "level: 0").replace("email: ann@example.com", "email: nope"));
        assertThat(e.field()).isEqualTo("sites.shop.level");
    }

    @Test
    void a_missing_required_section_is_named_at_the_top() {
        assertThatThrownBy(() -> YamlBinding.bind("shop.yaml", "people: []\n", Shop.class))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.field()).isEqualTo("sites");
                    assertThat(e.getMessage()).isEqualTo("shop.yaml:1: sites is required");
                });
    }
}
