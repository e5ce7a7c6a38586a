package dev.rewind.executor.application;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Fail points for the crash tests only: with {@code rewind.executor.crash-test.hold-at} naming a {@link Point}, the
 * worker stops there until the process is killed, so a test can kill -9 it at exactly that instant. Off by default;
 * never set it in production (start-up says so loudly when it is on).
 */
@ApplicationScoped
public class CrashTestHold {
    private static final Logger LOG = Logger.getLogger(CrashTestHold.class);

    public enum Point {
        /** Between the two moves of a swap (2.4S: the exchange and the set-aside, or two renames) or of a revert. */
        BETWEEN_RENAMES,
        /** Just after {@code rollback.completed} is recorded, before 3.L, 4.2 and 4.1 conclude the rollback. */
        BEFORE_CONCLUDING
    }

    private final Set<Point> points;

    public CrashTestHold(@ConfigProperty(name = "rewind.executor.crash-test.hold-at") Optional<List<Point>> points) {
        this.points = points.map(Set::copyOf).orElse(Set.of());
    }

    void warn(@Observes StartupEvent startup) {
        if (!points.isEmpty()) {
            LOG.warnf("rewind.executor.crash-test.hold-at is %s: the executor stops there until this process is killed. "
                    + "For crash tests only.", points);
        }
    }

    /** Stops here for good when {@code point} is held; returns at once otherwise. */
    public void at(Point point) {
        if (!points.contains(point)) {
            return;
        }
        LOG.warnf("holding at %s until this process is killed (crash test)", point);
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
