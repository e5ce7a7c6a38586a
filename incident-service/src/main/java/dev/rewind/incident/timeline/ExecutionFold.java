package dev.rewind.incident.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.PhaseEvent.CommandRefused;
import dev.rewind.events.PhaseEvent.PhaseCompleted;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.RunbookStep;
import dev.rewind.events.StepOutput;
import dev.rewind.incident.timeline.Timeline.Bar;
import dev.rewind.incident.timeline.Timeline.Execution;

/**
 * The rollback's phases and steps as bars, from the first phase started to the rollback's end. A second attempt's
 * bars are their own, named {@code <id>@<attempt>} ("2.3@2"); the duration then spans every attempt.
 */
final class ExecutionFold implements SectionFold<Execution> {
    private static final String DOWN = "down";
    private Instant start;
    private Instant end;
    private Long reportedDuration;
    private int attempt = 1;
    private final Map<String, Tracked> phases = new LinkedHashMap<>();
    private final Map<String, Tracked> steps = new LinkedHashMap<>();
    private final List<UUID> eventIds = new ArrayList<>();
    private Bar workloadDown;

    /** A bar as it stands, and every event that made it: appended to, so a step run many times costs no copies. */
    private static final class Tracked {
        Bar bar;
        final List<UUID> eventIds = new ArrayList<>();

        Bar section() {
            return new Bar(bar.id(), bar.phase(), bar.name(), bar.start(), bar.end(), bar.durationMs(), bar.status(), bar.outputs(),
                    List.copyOf(eventIds));
        }
    }

    @Override
    public void apply(RewindEvent event) {
        if (event instanceof RollbackAuthorized authorized) {
            attempt = Math.max(attempt, authorized.attempt());
            return; // the authorization section tells of it
        }
        if (event instanceof PhaseStarted started) {
            start = start == null ? started.occurredAt() : start;
            String id = named(Integer.toString(started.phase()));
            Tracked phase = new Tracked();
            phase.bar = new Bar(id, started.phase(), started.name(), started.occurredAt(), null, null, "RUNNING", Map.of(), List.of());
            phase.eventIds.add(started.eventId());
            phases.put(id, phase);
        } else if (event instanceof PhaseCompleted completed) {
            String id = named(Integer.toString(completed.phase()));
            Tracked phase = phases.computeIfAbsent(id, p -> new Tracked());
            Instant phaseStart = phase.bar == null ? completed.occurredAt().minusMillis(completed.durationMs()) : phase.bar.start();
            phase.bar = new Bar(id, completed.phase(), completed.name(), phaseStart,
                    completed.occurredAt(), completed.durationMs(), "COMPLETED", Map.of(), List.of());
            phase.eventIds.add(completed.eventId());
        } else if (event instanceof StepCompleted step) {
            track(named(step.step()), new Bar(named(step.step()), step.phase(), step.name(), step.occurredAt().minusMillis(step.durationMs()),
                    step.occurredAt(), step.durationMs(), "COMPLETED", step.outputs(), List.of()), step.eventId());
            workloadDown(step);
        } else if (event instanceof StepFailed step) {
            track(named(step.step()), new Bar(named(step.step()), step.phase(), step.name(), step.occurredAt().minusMillis(step.durationMs()),
                    step.occurredAt(), step.durationMs(), "FAILED", Map.of("cause", step.cause()), List.of()), step.eventId());
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

    /** The workload stopped by 2.1 (the stop requested as the step began) until 2.6 or 2.6U reports it running again. */
    private void workloadDown(StepCompleted step) {
        if (RunbookStep.STOP_WORKLOAD.id().equals(step.step())) {
            Instant stopRequested = step.occurredAt().minusMillis(step.durationMs());
            workloadDown = new Bar(named(DOWN), step.phase(), "Workload down", stopRequested, null, null, "DOWN", Map.of(), List.of(step.eventId()));
            return;
        }
        boolean restarted = RunbookStep.START_WORKLOAD.id().equals(step.step()) || RunbookStep.RESTART_UNTOUCHED.id().equals(step.step());
        String downtime = step.outputs().get(StepOutput.DOWNTIME_MS.key());
        if (restarted && workloadDown != null && workloadDown.end() == null && downtime != null && downtime.matches("\\d{1,12}")) {
            long millis = Long.parseLong(downtime);
            List<UUID> ids = new ArrayList<>(workloadDown.eventIds());
            ids.add(step.eventId());
            workloadDown = new Bar(workloadDown.id(), workloadDown.phase(), workloadDown.name(), workloadDown.start(),
                    workloadDown.start().plusMillis(millis), millis, "UP", Map.of("restartedBy", step.step()), List.copyOf(ids));
        }
    }

    /** A bar's id in the current attempt: as it is in the first, with "@n" from the second on. */
    private String named(String id) {
        return attempt == 1 ? id : id + "@" + attempt;
    }

    private void track(String stepId, Bar bar, UUID eventId) {
        Tracked step = steps.computeIfAbsent(stepId, id -> new Tracked());
        step.bar = bar;
        step.eventIds.add(eventId);
    }

    @Override
    public Execution section() {
        Long duration = reportedDuration != null && attempt == 1 ? reportedDuration
                : start != null && end != null ? Duration.between(start, end).toMillis() : null;
        return new Execution(start, end, duration, attempt, phases.values().stream().map(Tracked::section).toList(),
                steps.values().stream().map(Tracked::section).toList(), workloadDown, List.copyOf(eventIds));
    }
}
