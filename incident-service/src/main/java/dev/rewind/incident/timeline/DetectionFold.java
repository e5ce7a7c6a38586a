package dev.rewind.incident.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.Origin;
import dev.rewind.events.RewindEvent;
import dev.rewind.incident.timeline.Timeline.Detection;

/** When the incident was detected, by whom and how; its events are the opening and the first classification. */
final class DetectionFold implements SectionFold<Detection> {
    private Instant at;
    private String who;
    private String how;
    private String detail;
    private final List<UUID> eventIds = new ArrayList<>();

    @Override
    public void apply(RewindEvent event) {
        if (event instanceof IncidentOpened opened) {
            at = opened.occurredAt();
            who = opened.openedBy();
            how = how(opened.origin());
            detail = opened.origin() == Origin.SIGNAL ? null
                    : (opened.manualReason() == null ? "" : opened.manualReason() + ": ")
                            + (opened.description() == null ? "" : opened.description());
            eventIds.add(opened.eventId());
        } else if (event instanceof IncidentClassified && eventIds.size() == 1) {
            eventIds.add(event.eventId());
        }
    }

    static String how(Origin origin) {
        return switch (origin) {
            case SIGNAL -> "monitoring signal";
            case USER_REPORT -> "user report";
            case MANUAL -> "manual";
        };
    }

    @Override
    public Detection section() {
        return new Detection(at, who, how, detail, List.copyOf(eventIds));
    }
}
