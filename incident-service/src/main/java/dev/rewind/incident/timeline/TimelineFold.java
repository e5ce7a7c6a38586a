package dev.rewind.incident.timeline;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.rewind.events.RewindEvent;
import dev.rewind.incident.domain.Incident;

/**
 * The timeline as a pure function of an incident's stream: the same events give the same timeline,
 * whether they come from the store or from an exported JSON Lines file. {@code asOf} keeps the events
 * that had happened by then. Each section has a fold of its own; this one feeds them all, in stream order.
 */
public final class TimelineFold {
    private final UUID incidentId;
    private final Instant asOf;
    private Incident incident = Incident.NONE;
    private int count;

    private final DetectionFold detection = new DetectionFold();
    private final InvestigationFold investigation = new InvestigationFold();
    private final AuthorizationFold authorization = new AuthorizationFold();
    private final ExecutionFold execution = new ExecutionFold();
    private final VerificationFold verification = new VerificationFold();
    private final ResolutionFold resolution = new ResolutionFold();
    private final Checklist checklist = new Checklist();
    private final MarkerFold markers = new MarkerFold();
    private final NoticeFold notices = new NoticeFold();
    private final List<SectionFold<?>> sections = List.of(detection, investigation, authorization, execution, verification,
            checklist, markers, notices);

    private TimelineFold(UUID incidentId, Instant asOf) {
        this.incidentId = incidentId;
        this.asOf = asOf;
    }

    /** A fold fed event by event, in stream order, with every event (no {@code asOf}); read it at any point. */
    public static TimelineFold of(UUID incidentId) {
        return new TimelineFold(incidentId, null);
    }

    /** @param asOf null for "now": every event */
    public static Timeline fold(UUID incidentId, List<? extends RewindEvent> stream, Instant asOf) {
        TimelineFold fold = new TimelineFold(incidentId, asOf);
        for (RewindEvent event : stream) {
            if (asOf == null || !event.occurredAt().isAfter(asOf)) {
                fold.apply(event);
            }
        }
        return fold.timeline();
    }

    public void apply(RewindEvent event) {
        count++;
        incident = incident.apply(event);
        sections.forEach(section -> section.apply(event));
        resolution.apply(event);
    }

    /** The timeline of the events applied so far. */
    public Timeline timeline() {
        String status = incident.exists() ? incident.status().name() : null;
        return new Timeline(incidentId, asOf, incident.exists() ? incident.deployment() : null,
                incident.exists() ? incident.version() : null, status, detection.section(), investigation.section(),
                authorization.section(), execution.section(), verification.section(), resolution.section(status),
                checklist.section(), markers.section(), notices.section(), count);
    }
}
