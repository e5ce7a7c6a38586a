package dev.rewind.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.CheckStatus;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.NotificationEvent.NotificationDelivered;
import dev.rewind.events.Origin;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Sample;
import dev.rewind.events.Verdict;
import dev.rewind.events.VerificationEvent.CheckCompleted;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.events.VerificationStage;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.EventJson;
import dev.rewind.incident.replay.StreamFile;
import dev.rewind.incident.timeline.PostMortem;
import dev.rewind.incident.timeline.Timeline;
import dev.rewind.incident.timeline.TimelineFold;

/**
 * Rebuild time of the timeline for incidents of 10,000 and 100,000 events (goal: 100,000 in under
 * 1 s), and a full offline replay (JSON Lines file → events → timeline + post-mortem) in events/s,
 * against the floor of merely parsing the same file with Jackson.
 */
public final class TimelineBench {
    private static final int RUNS = 7;

    private TimelineBench() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("%-44s %6s %9s %9s %9s %9s %9s%n", "timeline (ms)", "n", "median", "p90", "p99", "min", "max");
        StringBuilder json = new StringBuilder("{");
        int largest = Integer.getInteger("bench.timeline.events", 100_000);
        for (int size : java.util.stream.IntStream.of(Math.min(10_000, largest), largest).distinct().toArray()) {
            List<RewindEvent> stream = stream(size);
            UUID incident = stream.get(0).incidentId();
            for (int warm = 0; warm < 3; warm++) {
                TimelineFold.fold(incident, stream, null);
            }
            List<Double> fold = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                Timeline timeline = TimelineFold.fold(incident, stream, null);
                PostMortem.markdown(timeline);
                fold.add((System.nanoTime() - start) / 1e6);
            }
            Stats foldStats = Stats.of(fold);
            System.out.println(foldStats.row("fold + post-mortem, " + size + " events"));

            Path file = Files.createTempFile("rewind-bench-stream", ".jsonl");
            write(stream, file);
            List<Double> replay = new ArrayList<>();
            List<Double> parseOnly = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                List<RewindEvent> read = StreamFile.read(file);
                PostMortem.markdown(TimelineFold.fold(incident, read, null));
                replay.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                for (String line : Files.readAllLines(file)) {
                    EventJson.MAPPER.readTree(line);
                }
                parseOnly.add((System.nanoTime() - start) / 1e6);
            }
            Stats replayStats = Stats.of(replay);
            Stats parseStats = Stats.of(parseOnly);
            System.out.println(replayStats.row("full replay from JSONL, " + size + " events"));
            System.out.println(parseStats.row("floor: Jackson parse of the file"));
            double eventsPerSecond = size / (replayStats.median() / 1000);
            System.out.printf(Locale.ROOT, "  %d events: replay %.0f events/s, %.2fx the parse floor, file %.1f MB%n", size, eventsPerSecond,
                    replayStats.median() / parseStats.median(), Files.size(file) / 1e6);
            json.append(json.length() > 1 ? "," : "").append(String.format(Locale.ROOT,
                    "\"%d\":{\"fold\":%s,\"replay\":%s,\"parse_floor\":%s,\"replay_events_per_s\":%.0f}",
                    size, foldStats.json(), replayStats.json(), parseStats.json(), eventsPerSecond));
            Files.delete(file);
        }
        Path out = BenchOutput.file("timeline-bench.json");
        Files.writeString(out, json.append("}\n").toString());
        System.out.println("written " + out);
    }

    /** A long incident: the opening, then rounds of steps, checks, verdicts and notifications. */
    static List<RewindEvent> stream(int size) {
        UUID incident = UUID.randomUUID();
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        List<RewindEvent> events = new ArrayList<>(size);
        events.add(new IncidentOpened(UUID.randomUUID(), incident, t, "ai-engineering-workflow", "2.0.0", Origin.SIGNAL, null, null, "bench"));
        events.add(new IncidentClassified(UUID.randomUUID(), incident, t, 1, null, "workflow_failure_rate > 0.2 for 5m (tier 1)",
                "workflow_failure_rate", 300, List.of(new Sample(0.25, t))));
        events.add(new RollbackAuthorized(UUID.randomUUID(), incident, t, "ai-engineering-workflow", "2.0.0", null, "policy:tier1", null));
        for (int i = 0; events.size() < size; i++) {
            Instant at = t.plusMillis(i * 10L);
            UUID verification = UUID.randomUUID();
            switch (i % 4) {
                case 0 -> events.add(new StepCompleted(UUID.randomUUID(), incident, at, 2, "2." + (i % 7), "step " + i, 5,
                        Map.of("archive", "/backups/x.tar.gz", "sha256", "ab".repeat(32), "files", "5000")));
                case 1 -> events.add(new CheckCompleted(UUID.randomUUID(), incident, at, verification, VerificationStage.VALIDATION,
                        "YAML parses: steps/step-" + i + ".md", CheckStatus.PASSED, "valid YAML", "valid YAML", null, 1));
                case 2 -> events.add(new VerificationCompleted(UUID.randomUUID(), incident, at, verification, VerificationStage.SMOKE,
                        Verdict.PASSED, 1, 0, 0, List.of(), "Overall: PASS"));
                default -> events.add(new NotificationDelivered(UUID.randomUUID(), incident, at, UUID.randomUUID(), "MAIL",
                        "person-" + (i % 50), "URGENT: rollback in progress", 1));
            }
        }
        return events;
    }

    static void write(List<RewindEvent> stream, Path file) throws IOException {
        CloudEventCodec codec = new CloudEventCodec("/rewind/bench");
        StringWriter out = new StringWriter();
        for (RewindEvent event : stream) {
            out.write(new String(codec.encode(event), StandardCharsets.UTF_8));
            out.write('\n');
        }
        Files.writeString(file, out.toString());
    }
}
