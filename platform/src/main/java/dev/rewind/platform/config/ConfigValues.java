package dev.rewind.platform.config;

import java.net.URI;
import java.util.List;

/** Checks of values that several operator files hold; each refuses with a {@link ConfigValueException}. */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** An http or https URL with a host; {@code field} names it within the record that holds it. */
    public static String httpUrl(String value, String field) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new ConfigValueException(field, "must be an http(s) URL, not '" + value + "'");
    }

    /** A value that was given, or the default when the file leaves it out. */
    public static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }

    /** A list that was given (an explicit empty one included), or the default when the file leaves it out. */
    public static <T> List<T> listOr(List<T> value, List<T> otherwise) {
        return value == null ? otherwise : List.copyOf(value);
    }
}
