package dev.rewind.events;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Invariant checks shared by the event records: a record that exists is complete. */
public final class Require {
    /** Upper bound for any free-text field in an event. */
    public static final int MAX_TEXT = 4096;

    private Require() {
    }

    /** Checks the three fields every {@link RewindEvent} carries. */
    public static void envelope(java.util.UUID eventId, java.util.UUID incidentId, java.time.Instant occurredAt) {
        present(eventId, "eventId");
        present(incidentId, "incidentId");
        present(occurredAt, "occurredAt");
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
        return value;
    }

    public static String text(String value, String field) {
        present(value, field);
        if (value.isBlank()) {
            throw new InvalidEventException(field, "must not be blank");
        }
        return optionalText(value, field, MAX_TEXT);
    }

    public static String text(String value, String field, int maxLength) {
        text(value, field);
        return optionalText(value, field, maxLength);
    }

    public static String optionalText(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new InvalidEventException(field, "is longer than " + maxLength + " characters");
        }
        return value;
    }

    /**
     * Text a person will read, or a system will store: no control characters (NUL, newline, escape, ...), no
     * bidirectional embeddings, overrides or isolates (U+202A–U+202E, U+2066–U+2069: they make a page or a mail show
     * other text than is stored), no lone surrogate halves, no non-characters.
     */
    public static String plain(String value, String field) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFE' || c == '\uFFFF') {
                throw new InvalidEventException(field, "must not contain control characters (found U+%04X at %d)".formatted((int) c, i));
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                throw new InvalidEventException(field, "must not contain bidirectional overrides (found U+%04X at %d)".formatted((int) c, i));
            }
        }
        int half = loneSurrogateAt(value);
        if (half >= 0) {
            throw new InvalidEventException(field, "must not contain a lone surrogate (at " + half + ")");
        }
        return value;
    }

    /** Where the text holds half a UTF-16 surrogate pair (no UTF-8 text can), or -1. */
    public static int loneSurrogateAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Cuts text to {@code maxLength} characters, saying so, for a producer that must stay within an event's limit. */
    public static String clip(String value, int maxLength) {
        if (value == null || value.length() <= maxLength) {
            return value;
        }
        String marker = "… [" + (value.length() - maxLength) + " more characters cut]";
        int keep = Math.max(0, maxLength - marker.length());
        if (keep > 0 && Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--;
        }
        return value.substring(0, keep) + marker;
    }

    public static int positive(int value, String field) {
        if (value < 0) {
            throw new InvalidEventException(field, "must not be negative");
        }
        return value;
    }

    public static long positive(long value, String field) {
        if (value < 0) {
            throw new InvalidEventException(field, "must not be negative");
        }
        return value;
    }

    public static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new InvalidEventException(field, "must be a finite number");
        }
        return value;
    }

    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /**
     * An immutable copy in key order, so a map iterates and serializes the same way wherever its event was decoded from
     * (the broker's JSON, or PostgreSQL's jsonb, which orders keys its own way). Nulls are refused as by {@link Map#copyOf}.
     */
    public static <V> Map<String, V> map(Map<String, V> value) {
        return value == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(Map.copyOf(value)));
    }

    public static <T extends Collection<?>> T notEmpty(T value, String field) {
        if (present(value, field).isEmpty()) {
            throw new InvalidEventException(field, "must not be empty");
        }
        return value;
    }
}
