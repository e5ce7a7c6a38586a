package dev.rewind.platform.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The durations operator files write: {@code 30s}, {@code 5m}, {@code 1h}, {@code 1h30m}, {@code 250ms}, {@code 2d} or ISO-8601 ({@code PT5M}). */
public final class DurationText {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private DurationText() {
    }

    /** The duration written, or {@link ConfigValueException} saying how to write one. */
    public static Duration parse(String text) {
        String value = text.trim();
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw new ConfigValueException("is not a duration: '" + value + "'");
            }
        }
        Matcher matcher = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = matcher.end();
        }
        if (end == 0 || end != value.length()) {
            throw new ConfigValueException("is not a duration: '" + value + "' (write e.g. 30s, 5m, 1h)");
        }
        return total;
    }
}
