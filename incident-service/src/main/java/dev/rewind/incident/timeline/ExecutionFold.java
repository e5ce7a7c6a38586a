package dev.rewind.incident.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.PhaseEvent.CommandRefused;
import dev.rewind.events.PhaseEvent.PhaseCompleted;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.RewindEvent;
import dev.rewind.incident.timeline.Timeline.Bar;
import dev.rewind.incident.timeline.Timeline.Execution;

/** The rollback's phases and steps as bars, from the first phase started to the rollback's end. */
final class ExecutionFold implements SectionFold<Execution> {
    private Instant start;
    private Instant end;
    private Long reportedDuration;
    private final Map<Integer, Bar> phases = new LinkedHashMap<>();
    private final Map<String, Bar> steps = new LinkedHashMap<>();
    private final List<UUID> eventIds = new ArrayList<>();

    @Override
    public void apply(RewindEvent event) {
        if (event instanceof PhaseStarted started) {
            start = start == null ? started.occurredAt() : start;
            phases.put(started.phase(), new Bar(Integer.toString(started.phase()), started.phase(), started.name(), started.occurredAt(),
                    null, null, "RUNNING", Map.of(), List.of(started.eventId())));
        } else if (event instanceof PhaseCompleted completed) {
            Bar bar = phases.get(completed.phase());
            Instant phaseStart = bar == null ? completed.occurredAt().minusMillis(completed.durationMs()) : bar.start();
            phases.put(completed.phase(), new Bar(Integer.toString(completed.phase()), completed.phase(), completed.name(), phaseStart,
                    completed.occurredAt(), completed.durationMs(), "COMPLETED", Map.of(), ids(bar, completed.eventId())));
        } else if (event instanceof StepCompleted step) {
            steps.put(step.step(), new Bar(step.step(), step.phase(), step.name(), step.occurredAt().minusMillis(step.durationMs()),
                    step.occurredAt(), step.durationMs(), "COMPLETED", step.outputs(), ids(steps.get(step.step()), step.eventId())));
        } else if (event instanceof StepFailed step) {
            steps.put(step.step(), new Bar(step.step(), step.phase(), step.name(), step.occurredAt().minusMillis(step.durationMs()),
                    step.occurredAt(), step.durationMs(), "FAILED", Map.of("cause", step.cause()),
                    ids(steps.get(step.step()), step.eventId())));
        } else if (event instanceof RollbackCompleted completed) {
            end = event.occurredAt();
            reportedDuration = completed.durationMs();
        } else if (event instanceof RollbackFailed) {
            end = event.occurredAt();
        } else if (!(event instanceof VerificationRequested || event instanceof CommandRefused)) {
            return;
        }
        eventIds.add(event.eventId());
    }

    private static List<UUID> ids(Bar earlier, UUID eventId) {
        List<UUID> ids = new ArrayList<>(earlier == null ? List.of() : earlier.eventIds());
        ids.add(eventId);
        return List.copyOf(ids);
    }

    @Override
    public Execution section() {
        Long duration = reportedDuration != null ? reportedDuration
                : start != null && end != null ? Duration.between(start, end).toMillis() : null;
        return new Execution(start, end, duration, List.copyOf(phases.values()), List.copyOf(steps.values()), List.copyOf(eventIds));
    }
}
