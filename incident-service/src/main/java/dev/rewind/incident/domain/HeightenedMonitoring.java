package dev.rewind.incident.domain;

import java.util.List;
import java.util.UUID;

import dev.rewind.events.HeightenedOutcome;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringEnded;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringStarted;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Signal;

/**
 * The heightened monitoring of a signed-off hotfix, as pure decisions on the stream of the incident whose rollback the
 * hotfix follows: it starts with the hotfix version's first signal, and ends when its period is over — passed, or
 * breached by the incidents of the deployment that opened meanwhile.
 */
public final class HeightenedMonitoring {
    private final EventContext context;

    public HeightenedMonitoring(EventContext context) {
        this.context = context;
    }

    /** A signal of the deployment: starts the period when it is the first of the signed-off version. */
    public List<RewindEvent> onSignal(Incident rolledBack, Signal signal, DeploymentPolicy policy) {
        Incident.Redeployment redeployment = rolledBack.redeployment();
        if (!policy.heightened().enabled() || redeployment.heightened() != null
                || !signal.version().equals(redeployment.signedOffVersion())) {
            return List.of();
        }
        HeightenedPolicy heightened = policy.heightened();
        return List.of(new HeightenedMonitoringStarted(context.newId(), rolledBack.id(), context.now(), rolledBack.deployment(),
                signal.version(), context.now().plus(heightened.period()), heightened.thresholdFactor(), heightened.windowFactor()));
    }

    /** Whether a signal is judged by the heightened rules: it is of the watched version and observed within the period. */
    public static boolean applies(Incident.HeightenedPeriod period, Signal signal) {
        return period != null && period.outcome() == null && period.version().equals(signal.version())
                && signal.observedAt().isBefore(period.endsAt());
    }

    /** Ends a running period that is over; {@code openedDuring} the deployment's incidents opened while it ran. */
    public List<RewindEvent> endIfOver(Incident rolledBack, List<UUID> openedDuring) {
        Incident.HeightenedPeriod period = rolledBack.redeployment().heightened();
        if (period == null || period.outcome() != null || context.now().isBefore(period.endsAt())) {
            return List.of();
        }
        List<UUID> named = openedDuring.stream().limit(HeightenedMonitoringEnded.MAX_INCIDENTS).toList();
        return List.of(new HeightenedMonitoringEnded(context.newId(), rolledBack.id(), context.now(), rolledBack.deployment(),
                period.version(), period.startedAt(), named.isEmpty() ? HeightenedOutcome.PASSED : HeightenedOutcome.BREACHED, named));
    }
}
