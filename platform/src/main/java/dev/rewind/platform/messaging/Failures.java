package dev.rewind.platform.messaging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;

import dev.rewind.events.InvalidEventException;

/**
 * The consumers' failure policy, one rule for every loop of every service: what can only be waited out
 * (the database or broker unreachable, a serialization conflict) is transient and retried without end;
 * a record that breaks the contract is poison at once; anything else is given a bounded number of tries.
 */
public final class Failures {
    /** How a failed record is treated. */
    public enum Kind {
        /** Retry with backoff, however long it takes; the record's partition waits. */
        TRANSIENT,
        /** Cannot become valid by waiting: dead-letter now. */
        POISON,
        /** Unknown: retry a bounded number of times, then dead-letter. */
        UNKNOWN
    }

    /**
     * PostgreSQL SQLSTATE classes and codes that pass: connection exceptions (08), serialization failure and
     * deadlock (40001, 40P01), insufficient resources (53), operator intervention such as a restart (57P),
     * and the server shutting down or not yet accepting connections.
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03");
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53");

    private Failures() {
    }

    public static Kind classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidEventException) {
                return Kind.POISON;
            }
            if (isTransient(cause)) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.UNKNOWN;
    }

    private static boolean isTransient(Throwable cause) {
        if (cause instanceof TransientFailure || cause instanceof RetriableException
                || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                || cause instanceof java.net.ConnectException || cause instanceof java.util.concurrent.TimeoutException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return TRANSIENT_STATES.contains(state) || (state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2)));
        }
        String name = cause.getClass().getName();
        // Hibernate/JPA wrap what the driver said; these names mean a conflict or a lost connection
        return name.equals("jakarta.persistence.OptimisticLockException")
                || name.equals("jakarta.persistence.PessimisticLockException")
                || name.equals("jakarta.persistence.LockTimeoutException")
                || name.equals("org.hibernate.exception.JDBCConnectionException")
                || name.equals("org.hibernate.exception.LockAcquisitionException")
                || name.equals("org.hibernate.StaleObjectStateException")
                || name.equals("org.hibernate.dialect.lock.PessimisticEntityLockException")
                // Agroal: no connection could be had within the acquisition timeout
                || (cause instanceof SQLException && String.valueOf(cause.getMessage()).contains("Acquisition timeout"));
    }

    /** Thrown by a handler that knows its failure will pass (a dependency it waits on is away). */
    public static class TransientFailure extends RuntimeException {
        public TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
