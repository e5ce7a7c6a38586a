package dev.rewind.incident.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.rewind.events.IncidentEvent.HeightenedMonitoringEnded;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringStarted;
import dev.rewind.events.IncidentEvent.HotfixSignedOff;
import dev.rewind.events.IncidentEvent.IncidentResolved;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.IncidentEvent.PostmortemScheduled;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.RewindEvent;
import dev.rewind.incident.timeline.Timeline.Resolution;

/**
 * How the incident ends: the rollback's outcome, the resolution (the first incident.resolved; a resolved incident stays
 * so), the post-mortem's notes (root cause, plan, lessons), the hotfix's sign-offs and its heightened monitoring.
 */
final class ResolutionFold {
    private String rootCause;
    private String redeploymentPlan;
    private final List<String> lessons = new ArrayList<>();
    private final List<String> actionItems = new ArrayList<>();
    private Instant meetingAt;
    private Timeline.Ending ended;
    private Timeline.Ending redeploymentEnded;
    private final List<Timeline.SignedOff> signOffs = new ArrayList<>();
    private Timeline.Heightened heightened;
    private final List<UUID> eventIds = new ArrayList<>();

    void apply(RewindEvent event) {
        if (event instanceof PostmortemNoted noted) {
            rootCause = noted.rootCause() != null ? noted.rootCause() : rootCause;
            redeploymentPlan = noted.redeploymentPlan() != null ? noted.redeploymentPlan() : redeploymentPlan;
            meetingAt = noted.meetingAt() != null ? noted.meetingAt() : meetingAt;
            lessons.addAll(noted.lessons());
            actionItems.addAll(noted.actionItems());
            eventIds.add(event.eventId());
        } else if (event instanceof PostmortemScheduled scheduled) {
            meetingAt = scheduled.meetingAt();
            eventIds.add(event.eventId());
        } else if (event instanceof IncidentResolved resolved) {
            Timeline.Ending ending = new Timeline.Ending(resolved.occurredAt(), resolved.reason().name(), resolved.summary(),
                    resolved.actor(), resolved.role(), resolved.hotfixVersion(), resolved.eventId());
            if (ended == null) {
                ended = ending;
            } else if (redeploymentEnded == null) {
                redeploymentEnded = ending;
            }
            eventIds.add(event.eventId());
        } else if (event instanceof HotfixSignedOff signed) {
            signOffs.add(new Timeline.SignedOff(signed.occurredAt(), signed.version(), signed.signOff().name(), signed.actor(),
                    signed.role(), signed.eventId()));
            eventIds.add(event.eventId());
        } else if (event instanceof HeightenedMonitoringStarted started) {
            heightened = new Timeline.Heightened(started.version(), started.occurredAt(), started.endsAt(), started.thresholdFactor(),
                    started.windowFactor(), null, null, List.of(), List.of(event.eventId()));
            eventIds.add(event.eventId());
        } else if (event instanceof HeightenedMonitoringEnded over && heightened != null) {
            heightened = new Timeline.Heightened(heightened.version(), heightened.startedAt(), heightened.endsAt(),
                    heightened.thresholdFactor(), heightened.windowFactor(), over.occurredAt(), over.outcome().name(),
                    over.incidentsOpened(), List.of(heightened.eventIds().get(0), event.eventId()));
            eventIds.add(event.eventId());
        } else if (event instanceof RollbackCompleted || event instanceof RollbackFailed) {
            eventIds.add(event.eventId());
        }
    }

    /** @param status the incident's status, which the incident's own fold decides */
    Resolution section(String status) {
        return new Resolution(status, rootCause, redeploymentPlan, List.copyOf(lessons), List.copyOf(actionItems), meetingAt,
                rootCause == null ? "In progress" : "Complete", ended, List.copyOf(signOffs), heightened, redeploymentEnded,
                List.copyOf(eventIds));
    }
}
