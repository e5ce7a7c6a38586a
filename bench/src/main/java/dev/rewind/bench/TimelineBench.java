package dev.rewind.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.Channel;
import dev.rewind.events.CheckKind;
import dev.rewind.events.CheckStatus;
import dev.rewind.events.RunbookPhase;
import dev.rewind.events.RunbookStep;
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
import dev.rewind.testing.ServiceProcess;
import dev.rewind.testing.TestTokens;

import dev.rewind.incident.timeline.PostMortem;
import dev.rewind.incident.timeline.Timeline;
import dev.rewind.incident.timeline.TimelineFold;

/**
 * Rebuild time of the timeline for incidents of 10,000 and 100,000 events (goal: 100,000 in under
 * 1 s), and a full offline replay (JSON Lines file → events → timeline + post-mortem) in events/s,
 * against the floor of merely parsing the same file with Jackson; then {@code GET /timeline} of the
 * largest from a running incident-service (goal: 300 ms), against reading its rows over JDBC.
 */
public final class TimelineBench {
    private static final int RUNS = 7;
    private static final String ANALYST = TestTokens.token("bench", "analyst");
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

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
            Timeline folded = TimelineFold.fold(incident, stream, null);
            List<Double> serialize = new ArrayList<>();
            int bytes = 0;
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                bytes = folded.toJsonBytes().length;
                serialize.add((System.nanoTime() - start) / 1e6);
            }
            Stats serializeStats = Stats.of(serialize);
            System.out.println(serializeStats.row("timeline as JSON, " + size + " events"));
            System.out.printf(Locale.ROOT, "  %d events: the timeline's JSON is %.1f MB%n", size, bytes / 1e6);

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
                    "\"%d\":{\"fold\":%s,\"json\":%s,\"replay\":%s,\"parse_floor\":%s,\"replay_events_per_s\":%.0f}",
                    size, foldStats.json(), serializeStats.json(), replayStats.json(), parseStats.json(), eventsPerSecond));
            Files.delete(file);
        }
        json.append(",\"http\":").append(overHttp(largest));
        Path out = BenchOutput.file("timeline-bench.json");
        Files.writeString(out, json.append("}\n").toString());
        System.out.println("written " + out);
    }

    /**
     * {@code GET /timeline} of an incident of {@code size} events in the event store, from a running incident-service:
     * the first call (every event read and folded), then calls with one more event recorded before each (the kept
     * fold reads only that one); beside it the floor of merely reading the stream's rows over JDBC.
     */
    static String overHttp(int size) throws Exception {
        List<RewindEvent> stream = stream(size);
        UUID incident = stream.get(0).incidentId();
        store(stream, 0);
        try (ServiceProcess service = ServiceProcess.start("incident-service", 19381, Map.of())) {
            service.awaitReady(Duration.ofSeconds(180));
            long start = System.nanoTime();
            get(service, incident, size);
            double first = (System.nanoTime() - start) / 1e6;
            List<Double> later = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                Instant at = stream.get(stream.size() - 1).occurredAt().plusMillis(run + 1);
                store(List.of(new NotificationDelivered(UUID.randomUUID(), incident, at, UUID.randomUUID(), Channel.MAIL, "late-" + run,
                        "one more", 1)), size + run);
                start = System.nanoTime();
                get(service, incident, size + run + 1);
                later.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                readRows(incident);
                floor.add((System.nanoTime() - start) / 1e6);
            }
            Stats laterStats = Stats.of(later);
            Stats floorStats = Stats.of(floor);
            System.out.printf(Locale.ROOT, "%-44s %9.1f%n", "GET timeline, " + size + " events, first call", first);
            System.out.println(laterStats.row("GET timeline, each after one more event"));
            System.out.println(floorStats.row("floor: JDBC read of the stream's rows"));
            return String.format(Locale.ROOT, "{\"events\":%d,\"first_ms\":%.1f,\"after_one_more\":%s,\"rows_read_floor\":%s}",
                    size, first, laterStats.json(), floorStats.json());
        }
    }

    /** One GET, its body read whole and parsed with Jackson (RestAssured's path parser alone takes seconds on it). */
    private static void get(ServiceProcess service, UUID incident, int events) throws Exception {
        java.net.http.HttpResponse<byte[]> response = HTTP.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(service.url() + "/api/v1/incidents/" + incident + "/timeline"))
                .header("Authorization", "Bearer " + ANALYST).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET timeline answered " + response.statusCode());
        }
        int count = EventJson.MAPPER.readTree(response.body()).path("events").asInt();
        if (count != events) {
            throw new IllegalStateException("the timeline counts " + count + " events, not " + events);
        }
    }

    /** The events appended to their stream from version {@code after + 1}, in one JDBC batch. */
    private static void store(List<RewindEvent> events, int after) throws Exception {
        try (Connection connection = DriverManager.getConnection(IngestBench.JDBC, "rewind", "rewind");
             PreparedStatement insert = connection.prepareStatement("""
                     insert into incident.event_store (event_id, stream_id, stream_version, type, source, occurred_at, data)
                     values (?, ?, ?, ?, '/rewind/bench', ?, cast(? as jsonb))""")) {
            connection.setAutoCommit(false);
            int version = after;
            for (RewindEvent event : events) {
                insert.setObject(1, event.eventId());
                insert.setObject(2, event.incidentId());
                insert.setInt(3, ++version);
                insert.setString(4, event.type().wireName());
                insert.setObject(5, event.occurredAt().atOffset(ZoneOffset.UTC));
                insert.setString(6, EventJson.MAPPER.writeValueAsString(CloudEventCodec.dataOf(event)));
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
    }

    private static void readRows(UUID incident) throws Exception {
        try (Connection connection = DriverManager.getConnection(IngestBench.JDBC, "rewind", "rewind");
             PreparedStatement select = connection.prepareStatement(
                     "select type, event_id, occurred_at, data::text from incident.event_store where stream_id = ? order by stream_version")) {
            select.setObject(1, incident);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    rows.getString(4);
                }
            }
        }
    }

    /** A long incident: the opening, then rounds of steps, checks, verdicts and notifications. */
    /** The steps of phase 2, which the stream repeats as retries and resumptions would. */
    private static final List<String> PHASE_TWO = java.util.Arrays.stream(RunbookStep.values())
            .filter(step -> step.phase() == RunbookPhase.EXECUTION && !step.id().contains("R") && !step.id().equals("retry"))
            .map(RunbookStep::id).toList();

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
                case 0 -> events.add(new StepCompleted(UUID.randomUUID(), incident, at, 2, PHASE_TWO.get((i / 4) % PHASE_TWO.size()), "step " + i, 5,
                        Map.of("archive", "/backups/x.tar.gz", "sha256", "ab".repeat(32), "files", "5000")));
                case 1 -> events.add(new CheckCompleted(UUID.randomUUID(), incident, at, verification, VerificationStage.VALIDATION,
                        "YAML parses: steps/step-" + i + ".md", CheckStatus.PASSED, "valid YAML", "valid YAML", null, 1, CheckKind.YAML_PARSES));
                case 2 -> events.add(new VerificationCompleted(UUID.randomUUID(), incident, at, verification, VerificationStage.SMOKE,
                        Verdict.PASSED, 1, 0, 0, List.of(), "Overall: PASS"));
                default -> events.add(new NotificationDelivered(UUID.randomUUID(), incident, at, UUID.randomUUID(), Channel.MAIL,
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
