package dev.rewind.incident.domain;

import java.util.Locale;

/**
 * A threshold test on a metric value, written as in the policy file: {@code "> 0.20"}, {@code ">= 1"},
 * {@code "< 5"}, {@code "<= 5"}, {@code "== 1"} or an inclusive range {@code "0.10..0.20"}.
 */
public record Condition(Operator operator, double threshold, double upper) {

    public enum Operator { GREATER, AT_LEAST, LESS, AT_MOST, EQUAL, BETWEEN }

    public boolean test(double value) {
        return switch (operator) {
            case GREATER -> value > threshold;
            case AT_LEAST -> value >= threshold;
            case LESS -> value < threshold;
            case AT_MOST -> value <= threshold;
            case EQUAL -> value == threshold;
            case BETWEEN -> value >= threshold && value <= upper;
        };
    }

    public static Condition parse(String text) {
        String expression = text.trim();
        int range = expression.indexOf("..");
        if (range > 0) {
            double low = number(expression.substring(0, range), text);
            double high = number(expression.substring(range + 2), text);
            if (low > high) {
                throw new IllegalArgumentException("range " + text + " runs backwards");
            }
            return new Condition(Operator.BETWEEN, low, high);
        }
        for (String prefix : new String[] {">=", "<=", "==", ">", "<"}) {
            if (expression.startsWith(prefix)) {
                Operator operator = switch (prefix) {
                    case ">=" -> Operator.AT_LEAST;
                    case "<=" -> Operator.AT_MOST;
                    case "==" -> Operator.EQUAL;
                    case ">" -> Operator.GREATER;
                    default -> Operator.LESS;
                };
                return new Condition(operator, number(expression.substring(prefix.length()), text), Double.NaN);
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a condition: write > x, >= x, < x, <= x, == x or a..b");
    }

    private static double number(String part, String text) {
        try {
            double value = Double.parseDouble(part.trim());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + part.trim() + "' in '" + text + "' is not a number");
        }
    }

    @Override
    public String toString() {
        return switch (operator) {
            case GREATER -> "> " + format(threshold);
            case AT_LEAST -> ">= " + format(threshold);
            case LESS -> "< " + format(threshold);
            case AT_MOST -> "<= " + format(threshold);
            case EQUAL -> "== " + format(threshold);
            case BETWEEN -> format(threshold) + ".." + format(upper);
        };
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
