package dev.rewind.events;

import java.util.regex.Pattern;

/**
 * The charsets of names that reach paths, arguments and other systems. A deployment name is an RFC 1123
 * DNS subdomain, as Kubernetes names objects (lower-case letters, digits, '-' and '.', at most 253, each
 * dot-separated part starting and ending with a letter or digit); a version starts with a letter or digit
 * and holds letters, digits, '.', '_', '+' and '-' (SemVer with build metadata), at most 64, never "..";
 * a metric is a Prometheus metric name.
 */
public final class Names {
    public static final int MAX_DEPLOYMENT = 253;
    public static final int MAX_VERSION = 64;
    public static final int MAX_METRIC = 128;
    private static final Pattern DEPLOYMENT = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private Names() {
    }

    public static String deployment(String value, String field) {
        return matching(value, field, MAX_DEPLOYMENT, DEPLOYMENT,
                "must be lower-case letters, digits, '-' and '.' (an RFC 1123 name such as ai-engineering-workflow)");
    }

    public static String version(String value, String field) {
        matching(value, field, MAX_VERSION, VERSION, "must be letters, digits, '.', '_', '+' and '-', starting with a letter or digit");
        if (value.contains("..")) {
            throw new InvalidEventException(field, "must not contain \"..\"");
        }
        return value;
    }

    public static String metric(String value, String field) {
        return matching(value, field, MAX_METRIC, METRIC, "must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    }

    public static boolean isDeployment(String value) {
        return value != null && value.length() <= MAX_DEPLOYMENT && DEPLOYMENT.matcher(value).matches();
    }

    private static String matching(String value, String field, int maxLength, Pattern pattern, String rule) {
        Require.text(value, field, maxLength);
        if (!pattern.matcher(value).matches()) {
            throw new InvalidEventException(field, rule);
        }
        return value;
    }
}
