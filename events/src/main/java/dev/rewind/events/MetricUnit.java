package dev.rewind.events;

/** What a metric's value measures, and so which values it may take (the policy gives each metric one). */
public enum MetricUnit {
    /** A share, 0 to 1 inclusive. */
    RATIO,
    /** A whole number, 0 or more. */
    COUNT,
    /** A duration in seconds, 0 or more. */
    SECONDS,
    /** 0 (not found) or 1 (found). */
    FLAG;

    /** The largest count a double holds exactly (2^53). */
    public static final double MAX_COUNT = 9_007_199_254_740_992d;

    public boolean fits(double value) {
        return switch (this) {
            case RATIO -> value >= 0 && value <= 1;
            case COUNT -> value >= 0 && value <= MAX_COUNT && value == Math.rint(value);
            case SECONDS -> value >= 0;
            case FLAG -> value == 0 || value == 1;
        };
    }

    public String describe() {
        return switch (this) {
            case RATIO -> "between 0 and 1";
            case COUNT -> "a whole number from 0 to 2^53";
            case SECONDS -> "0 or more seconds";
            case FLAG -> "0 or 1";
        };
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static MetricUnit fromWireName(String name) {
        for (MetricUnit unit : values()) {
            if (unit.wireName().equals(name)) {
                return unit;
            }
        }
        throw new IllegalArgumentException("must be one of ratio, count, seconds, flag");
    }
}
