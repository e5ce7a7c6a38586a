package dev.rewind.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.provider.Arguments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile versions of a good operator file, as an attacker or a careless edit would write them: each value replaced,
 * one at a time, by a value of another shape or a hostile text, plus whole-document attacks (an alias bomb, deep
 * nesting, a huge file, control characters, duplicate keys). A loader must refuse each with its file, line and field,
 * or accept it; never fail otherwise.
 */
public final class HostileYaml {
    private static final Pattern VALUE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*):[ \\t]+([^,{}\\[\\]\\n#][^,{}\\[\\]\\n]*?|\\[[^\\]\\n]*]|\\{[^}\\n]*})(?=\\s*(?:[,}\\]]|#|$))",
            Pattern.MULTILINE);
    private static final List<String> VALUES = List.of("[]", "{}", "~", "\"\"", "-1", "0", "99999999999999999999", "1e400",
            "\"\\u0000\"", "\"a\\r\\nb\"", "\"../../../etc/passwd\"", "[[[[[]]]]]", "{ x: { y: { z: 1 } } }", "*missing",
            "\"" + "x".repeat(10_000) + "\"", "!!binary AAAA", "!!java.net.URL [\"http://127.0.0.1/\"]", ".nan", "true");

    private HostileYaml() {
    }

    /**
     * Loads one hostile file: it is read, or refused by an exception of {@code type} that names a field and, unless it
     * is the file as a whole, a line, in one clipped line of text. Any other exception fails.
     */
    public static <E extends RuntimeException> void assertReadOrRefused(Runnable load, Class<E> type, Function<E, String> field,
                                                                         ToIntFunction<E> line) {
        try {
            load.run();
        } catch (RuntimeException e) {
            if (!type.isInstance(e)) {
                throw new AssertionError("not a refusal naming the line: " + e, e);
            }
            E refusal = type.cast(e);
            assertThat(field.apply(refusal)).as(e.getMessage()).isNotBlank();
            if (!field.apply(refusal).equals("file")) {
                assertThat(line.applyAsInt(refusal)).as(e.getMessage()).isPositive();
            }
            assertThat(e.getMessage()).as("one line, clipped").doesNotContain("\n").hasSizeLessThan(2_000);
        }
    }

    /** (description, text) pairs for a {@code @MethodSource}. */
    public static List<Arguments> variants(String good) {
        List<Arguments> variants = new ArrayList<>();
        StringBuilder bomb = new StringBuilder("bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("bomb").append(i).append(": &b").append(i).append(" [*b").append(i - 1).append(", *b").append(i - 1).append("]\n");
        }
        variants.add(Arguments.of("an alias bomb", bomb + good));
        variants.add(Arguments.of("deep nesting", good + "deep: " + "[".repeat(5_000) + "\n"));
        variants.add(Arguments.of("a 5 MB comment", good + "# " + "x".repeat(5 * 1024 * 1024) + "\n"));
        variants.add(Arguments.of("a NUL byte", good.replaceFirst("\n", "\u0000\n")));
        variants.add(Arguments.of("tabs for indentation", good.replace("\n  ", "\n\t")));
        variants.add(Arguments.of("a duplicate top key", good + good.lines().filter(l -> !l.isBlank() && !l.startsWith(" ")).findFirst().orElse("x:") + "\n"));
        variants.add(Arguments.of("an empty document", ""));
        variants.add(Arguments.of("a scalar document", "just text\n"));
        variants.add(Arguments.of("a list document", "- a\n- b\n"));
        variants.add(Arguments.of("a second document", good + "---\n" + good));
        variants.add(Arguments.of("a byte order mark and CRLF", "\uFEFF" + good.replace("\n", "\r\n")));
        Matcher matcher = VALUE.matcher(good);
        while (matcher.find()) {
            for (String value : VALUES) {
                String text = good.substring(0, matcher.start(2)) + value + good.substring(matcher.end(2));
                variants.add(Arguments.of(matcher.group(1) + ": " + (value.length() > 40 ? value.substring(0, 40) + "…" : value), text));
            }
        }
        return variants;
    }
}
