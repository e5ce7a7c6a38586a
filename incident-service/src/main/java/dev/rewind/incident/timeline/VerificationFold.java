package dev.rewind.incident.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.RewindEvent;
import dev.rewind.events.VerificationEvent.CheckCompleted;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.incident.timeline.Timeline.Check;
import dev.rewind.incident.timeline.Timeline.Stage;
import dev.rewind.incident.timeline.Timeline.Verification;

/** Each verification stage (validation 2.4, smoke tests 3.1) with its verdict and its checks, once the verdict is in. */
final class VerificationFold implements SectionFold<Verification> {
    private final Map<UUID, List<Check>> checks = new LinkedHashMap<>();
    private final Map<UUID, List<UUID>> checkIds = new LinkedHashMap<>();
    private final List<Stage> stages = new ArrayList<>();
    private final List<UUID> eventIds = new ArrayList<>();

    @Override
    public void apply(RewindEvent event) {
        if (event instanceof CheckCompleted check) {
            checks.computeIfAbsent(check.verificationId(), id -> new ArrayList<>()).add(new Check(check.check(),
                    check.status().name(), check.expected(), check.found(), check.detail(), check.durationMs(), check.kind()));
            checkIds.computeIfAbsent(check.verificationId(), id -> new ArrayList<>()).add(event.eventId());
        } else if (event instanceof VerificationCompleted verdict) {
            List<UUID> ids = new ArrayList<>(checkIds.getOrDefault(verdict.verificationId(), List.of()));
            ids.add(verdict.eventId());
            stages.add(new Stage(verdict.stage().name(), verdict.verdict().name(), verdict.passed(), verdict.failed(),
                    verdict.inconclusive(), verdict.failedChecks(), List.copyOf(checks.getOrDefault(verdict.verificationId(), List.of())),
                    verdict.occurredAt(), verdict.report(), List.copyOf(ids)));
            eventIds.addAll(ids);
        }
    }

    @Override
    public Verification section() {
        return new Verification(List.copyOf(stages), List.copyOf(eventIds));
    }
}
