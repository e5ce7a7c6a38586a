package dev.rewind.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The tests share the local database with the demo and the benchmarks. What those left behind and only a
 * notifier would act on — deliveries still PENDING, planned for the demo's or a benchmark's incidents
 * whose sinks are gone — would otherwise be worked off by a test's notifier before its own messages.
 * They are marked FAILED with a reason first, as an operator would abandon them.
 */
public final class SharedDatabase {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/rewind";

    private SharedDatabase() {
    }

    /** Marks every pending delivery of the notifier schema abandoned; returns how many. */
    public static int abandonPendingDeliveries() {
        try (Connection connection = DriverManager.getConnection(URL, "rewind", "rewind");
             PreparedStatement update = connection.prepareStatement("""
                     update notifier.delivery set status = 'FAILED', last_error = 'abandoned: left pending by another run'
                     where status = 'PENDING'""")) {
            return update.executeUpdate();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // no notifier schema yet
            }
            throw new IllegalStateException("could not abandon the pending deliveries of " + URL, e);
        }
    }

    /**
     * Ends the rollbacks of {@code deployments} that an earlier run left unfinished (their trees were temporary and
     * are gone): each would otherwise hold its deployment, one rollback at a time, against this run's. Returns how many.
     */
    public static int abandonUnfinishedRollbacks(java.util.List<String> deployments) {
        try (Connection connection = DriverManager.getConnection(URL, "rewind", "rewind");
             PreparedStatement update = connection.prepareStatement("""
                     update executor.rollback set status = 'FAILED', failure = 'abandoned: left unfinished by another run'
                     where status not in ('COMPLETED', 'FAILED') and deployment = any (?)""")) {
            update.setArray(1, connection.createArrayOf("text", deployments.toArray()));
            return update.executeUpdate();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return 0; // no executor schema yet
            }
            throw new IllegalStateException("could not abandon the unfinished rollbacks of " + URL, e);
        }
    }
}
