package dev.rewind.platform.retention;

import java.time.Duration;

/**
 * Rows of a table that may go once {@code timeColumn} is older than {@code keep} (and {@code onlyWhere} holds):
 * the {@link RetentionJob} deletes them. A service adds its own by producing a bean of this type.
 *
 * @param setting the configuration key that sets {@code keep}, named in the refusal of a bad value
 */
public record RetentionRule(String table, String timeColumn, String onlyWhere, Duration keep, String setting) {

    public RetentionRule {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException(setting + " must be a positive duration, not " + keep);
        }
    }

    /** One chunk's delete: at most {@code ?2} rows older than {@code ?1}. */
    String deleteChunk() {
        return "delete from " + table + " where ctid = any(array(select ctid from " + table + " where " + timeColumn
                + " < ?1" + (onlyWhere.isEmpty() ? "" : " and " + onlyWhere) + " limit ?2))";
    }
}
