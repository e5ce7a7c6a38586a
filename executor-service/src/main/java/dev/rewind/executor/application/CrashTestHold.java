package dev.rewind.executor.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * A fail point for the crash tests only: with {@code rewind.executor.crash-test.hold-between-renames=true}
 * the worker stops between the two moves of a swap (2.4S: the exchange and the set-aside of the broken tree, or
 * two renames) or of a revert, and stays there until the
 * process is killed, so a test can kill -9 it at exactly that instant. Off by default; never set it in
 * production (start-up says so loudly when it is on).
 */
@ApplicationScoped
public class CrashTestHold implements Runnable {
    private static final Logger LOG = Logger.getLogger(CrashTestHold.class);
    private final boolean hold;

    public CrashTestHold(@ConfigProperty(name = "rewind.executor.crash-test.hold-between-renames", defaultValue = "false") boolean hold) {
        this.hold = hold;
    }

    void warn(@Observes StartupEvent startup) {
        if (hold) {
            LOG.warn("rewind.executor.crash-test.hold-between-renames is on: every swap and revert stops between its renames "
                    + "until this process is killed. For crash tests only.");
        }
    }

    @Override
    public void run() {
        if (!hold) {
            return;
        }
        LOG.warn("holding between two renames until this process is killed (crash test)");
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
