package dev.rewind.incident.timeline;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.rewind.events.IncidentEvent.IncidentAssessed;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.RunbookStep;
import dev.rewind.incident.timeline.Timeline.Investigation;
import dev.rewind.incident.timeline.Timeline.Symptom;

/** The symptoms (each classification with the samples behind it), the triage and assessment, the diagnostics of 1.2. */
final class InvestigationFold implements SectionFold<Investigation> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final List<Symptom> symptoms = new ArrayList<>();
    private final Map<String, String> diagnostics = new LinkedHashMap<>();
    private final List<UUID> eventIds = new ArrayList<>();

    @Override
    public void apply(RewindEvent event) {
        if (event instanceof IncidentClassified classified) {
            String samples = classified.evidence().stream().map(s -> s.value() + " at " + CLOCK.format(s.observedAt()))
                    .collect(Collectors.joining(", "));
            symptoms.add(new Symptom(classified.occurredAt(), classified.tier(), classified.rule(), classified.metric(), samples,
                    classified.eventId()));
            eventIds.add(event.eventId());
        } else if (event instanceof IncidentTriaged || event instanceof IncidentAssessed) {
            eventIds.add(event.eventId());
        } else if (event instanceof StepCompleted step && step.runbookStep() == RunbookStep.DIAGNOSTICS) {
            diagnostics.putAll(step.outputs());
            eventIds.add(event.eventId());
        }
    }

    @Override
    public Investigation section() {
        return new Investigation(List.copyOf(symptoms), Map.copyOf(diagnostics), List.copyOf(eventIds));
    }
}
