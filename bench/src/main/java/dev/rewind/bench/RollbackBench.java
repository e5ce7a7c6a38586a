package dev.rewind.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.rewind.events.PhaseEvent;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.RunbookStep;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.ChannelSinks;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.ServiceProcess;
import dev.rewind.testing.TestTokens;
import dev.rewind.testing.WorkflowTrees;

import static io.restassured.RestAssured.given;

/**
 * A whole tier-1 rollback of a generated workflow tree (5,000 files, 200 MB), signal to
 * {@code rollback.completed}, repeated; beside it in the same run the floor — GNU {@code tar czf} of the
 * tree, {@code tar xzf} of the backup, and the validation by hand — as a ratio. Also the four services'
 * time to ready and RSS (each started alone, then all four together), and signals/s through
 * incident-service. Prints a table, writes JSON.
 */
public final class RollbackBench {
    static final String PUBLISHER = TestTokens.token("bench", "signal-publisher");
    static final String ANALYST = TestTokens.token("bench", "analyst");

    private RollbackBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.rollbacks", 5);
        int files = Integer.getInteger("bench.files", 5000);
        long bytes = Long.getLong("bench.bytes", 200L << 20);
        // the broken version's archive: the deployment's default unless -Dbench.gzipLevel=6 (tar czf's) is given
        Integer gzipLevel = Integer.getInteger("bench.gzipLevel");
        if (!LocalInfra.brokerAnswers(LocalInfra.BOOTSTRAP, Duration.ofSeconds(10))) {
            throw new IllegalStateException("start the broker first: ./rewind infra");
        }
        Path work = Files.createTempDirectory("rewind-rollback-bench");
        String run = UUID.randomUUID().toString().substring(0, 6);
        System.out.printf(Locale.ROOT, "machine: %d cores; JDK %s; tree %d files, %d MB; %d rollbacks; 2.2 gzip level %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), files, bytes >> 20, runs,
                gzipLevel == null ? "default" : gzipLevel);

        Path v1 = tree(work.resolve("v1"), "1.0.0", files, bytes);
        Path v2 = tree(work.resolve("v2"), "2.0.0", files, bytes);
        Files.createDirectories(work.resolve("backups"));
        StringBuilder deployments = new StringBuilder("deployments:\n");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String name = "bench-" + run + "-" + i;
            names.add(name);
            exec("tar", "-C", v1.toString(), "-czf", work.resolve("backups/" + name + "-v1.0.0-backup-1.tar.gz").toString(),
                    "agents", "steps", "templates", "checklists", "DEPLOYMENT", "config.yaml", "workflow.md", "README.md");
            exec("cp", "-a", v2.toString(), work.resolve("srv-" + name).toString());
            deployments.append("""
                      %1$s:
                        target: %2$s/srv-%1$s
                        lastGoodVersion: 1.0.0
                        backups: { directory: %2$s/backups%3$s }
                        diagnostics: { directory: %2$s/diagnostics }
                        workload: { controller: process, match: ["sh -c sleep [0-9]+; : workflow-%1$s"], start: ["sh", "-c", "sleep 3600; : workflow-%1$s"], gracePeriod: 2s }
                    """.formatted(name, work, gzipLevel == null ? "" : ", gzipLevel: " + gzipLevel));
        }
        Files.writeString(work.resolve("deployments.yaml"), deployments.toString());

        Map<String, Object> json = new LinkedHashMap<>();
        try (ChannelSinks sinks = new ChannelSinks()) {
            Map<String, Map<String, String>> environments = new LinkedHashMap<>();
            environments.put("incident-service", Map.of());
            environments.put("executor-service", Map.of("REWIND_DEPLOYMENTS_PATH", work.resolve("deployments.yaml").toString()));
            environments.put("verifier-service", Map.of());
            environments.put("notifier-service", sinks.notifierEnvironment(work));
            Map<String, Object> footprint = new LinkedHashMap<>();
            int port = 19081;
            for (Map.Entry<String, Map<String, String>> service : environments.entrySet()) {
                footprint.put(service.getKey(), readyAlone(service.getKey(), port++, service.getValue()));
            }
            long startAll = System.nanoTime();
            List<ServiceProcess> services = new ArrayList<>();
            port = 19081;
            for (Map.Entry<String, Map<String, String>> service : environments.entrySet()) {
                services.add(ServiceProcess.start(service.getKey(), port++, service.getValue()));
            }
            try {
                for (ServiceProcess service : services) {
                    service.awaitReady(Duration.ofSeconds(180));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) footprint.get(service.name()));
                    entry.put("rss_kb_at_ready", service.rssKilobytes());
                    footprint.put(service.name(), entry);
                }
                System.out.printf(Locale.ROOT, "all four ready %.1f s after starting them together%n", (System.nanoTime() - startAll) / 1e9);

                Map<String, List<Double>> phases = new LinkedHashMap<>();
                List<Double> floors = new ArrayList<>();
                for (String name : names) {
                    new ProcessBuilder("sh", "-c", "sleep 3600; : workflow-" + name).start();
                    measureOne(services.get(0), services.get(1), name, phases);
                    floors.add(floor(work, v2, name));
                }
                for (ServiceProcess service : services) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) footprint.get(service.name()));
                    entry.put("rss_kb_after", service.rssKilobytes());
                    footprint.put(service.name(), entry);
                }
                // the notifier stops first: it would plan mail for 2,000 load incidents to sinks that close with
                // the benchmark, and the next notifier on this database would inherit them as retries
                services.get(3).close();
                double signalsPerSecond = IncidentBench.throughput(Integer.getInteger("bench.rollback.signals", 2000));
                report(phases, Stats.of(floors), signalsPerSecond, footprint, json);
            } finally {
                for (ServiceProcess service : services) {
                    service.close();
                }
                dev.rewind.testing.Workloads.stopAll("workflow-bench-" + run);
            }
        } finally {
            ArchiveBench.delete(work);
        }
        Path out = BenchOutput.file("bench-rollback.json");
        Files.writeString(out, dev.rewind.events.codec.EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** One rollback, timed from the signal to rollback.completed through the events' own times. */
    static void measureOne(ServiceProcess incident, ServiceProcess executor, String deployment, Map<String, List<Double>> phases)
            throws Exception {
        List<Map<String, Object>> events;
        Instant sent;
        String id;
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch watch = kafka.watch(Topics.PHASES)) {
            sent = Instant.now();
            id = given().baseUri(incident.url()).auth().oauth2(PUBLISHER).contentType("application/json")
                    .body("{\"deployment\":\"%s\",\"version\":\"2.0.0\",\"metric\":\"database_corruption\",\"value\":1,\"observedAt\":\"%s\"}"
                            .formatted(deployment, sent))
                    .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
            // the executor's last work on a rollback is 4.1, after rollback.completed, 3.L and 4.2: the floor that
            // follows must not share the cores with it
            RewindEvent last = decode(watch.awaitRecord(r -> r.key().equals(id) && endsTheRollback(r), Duration.ofSeconds(600)));
            if (last instanceof PhaseEvent.RollbackFailed failed) {
                throw new IllegalStateException("rollback of " + deployment + " failed: " + failed.reason());
            }
            // the events' own times are measured: the event store's lag costs the benchmark only this wait
            events = eventsOnceRecorded(incident, id, last.eventId().toString());
        }
        Instant authorized = time(events, "dev.rewind.rollback.authorized", null);
        Instant started = time(events, "dev.rewind.phase.started", 1);
        Instant completed = time(events, "dev.rewind.rollback.completed", null);
        add(phases, "signal -> rollback.authorized", Duration.between(sent, authorized));
        add(phases, "authorized -> phase 1 started", Duration.between(authorized, started));
        for (int phase = 1; phase <= 3; phase++) {
            add(phases, "phase " + phase, Duration.between(time(events, "dev.rewind.phase.started", phase),
                    time(events, "dev.rewind.phase.completed", phase)));
        }
        for (Map<String, Object> event : events) {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) event.get("data");
            if ("dev.rewind.step.completed".equals(event.get("type"))) {
                @SuppressWarnings("unchecked")
                Map<String, String> outputs = (Map<String, String>) data.get("outputs");
                String step = (String) data.get("step");
                add(phases, "step " + step + " " + data.get("name"), Duration.ofMillis(((Number) data.get("durationMs")).longValue()));
                if ("2.2".equals(step)) {
                    phases.computeIfAbsent("archive MB/s", k -> new ArrayList<>()).add(Double.parseDouble(outputs.get("throughputMBps")));
                    phases.computeIfAbsent("archive compressed MB", k -> new ArrayList<>()).add(Long.parseLong(outputs.get("compressedBytes")) / 1e6);
                }
                if ("2.6".equals(step)) {
                    phases.computeIfAbsent(DOWNTIME, k -> new ArrayList<>()).add(Double.parseDouble(outputs.get("downtimeMs")));
                }
                if ("2.3".equals(step)) {
                    double seconds = Double.parseDouble(outputs.get("seconds"));
                    phases.computeIfAbsent("restore MB/s", k -> new ArrayList<>()).add(Long.parseLong(outputs.get("restoredBytes")) / 1e6 / seconds);
                }
            }
        }
        add(phases, SMOKE_PASSED, Duration.between(sent, stepCompleted(events, "3.1")));
        add(phases, TOTAL, Duration.between(sent, completed));
        double[] lag = IngestBench.lag(List.of(java.util.UUID.fromString(id)));
        phases.computeIfAbsent("event-store lag p50 during the rollback (ms)", k -> new ArrayList<>()).add(lag[0]);
        phases.computeIfAbsent("event-store lag p99 during the rollback (ms)", k -> new ArrayList<>()).add(lag[1]);
        System.out.printf(Locale.ROOT, "  %s: %.1f s%n", deployment, Duration.between(sent, completed).toMillis() / 1000.0);
    }

    static final String DOWNTIME = "workload downtime: stop requested -> restored running (ms)";
    static final String SMOKE_PASSED = "signal -> restored running, smoke test passed";
    static final String TOTAL = "total: signal -> rollback.completed";

    private static Instant stepCompleted(List<Map<String, Object>> events, String step) {
        return events.stream().filter(e -> "dev.rewind.step.completed".equals(e.get("type")))
                .filter(e -> step.equals(((Map<?, ?>) e.get("data")).get("step")))
                .map(e -> Instant.parse((String) e.get("time"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no step.completed " + step));
    }

    private static boolean endsTheRollback(ConsumerRecord<String, byte[]> record) {
        RewindEvent event = decode(record);
        return event instanceof PhaseEvent.RollbackFailed
                || event instanceof PhaseEvent.StepCompleted step && step.step().equals(RunbookStep.DISCARD_BROKEN.id());
    }

    private static RewindEvent decode(ConsumerRecord<String, byte[]> record) {
        return CloudEventCodec.decode(record.headers(), record.value()).event();
    }

    /** The incident's stream from incident-service, once the event {@code eventId} is in it. */
    private static List<Map<String, Object>> eventsOnceRecorded(ServiceProcess incident, String id, String eventId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            var response = given().baseUri(incident.url()).auth().oauth2(ANALYST).get("/api/v1/incidents/" + id + "/events");
            if (response.statusCode() == 200) {
                List<Map<String, Object>> events = response.jsonPath().getList("$");
                if (events.stream().anyMatch(e -> eventId.equals(e.get("id")))) {
                    return events;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("incident-service did not record event " + eventId + " of incident " + id + " within 60 s");
    }

    /** What a person with a terminal does, at best: tar czf the broken tree, tar xzf the backup, check by hand. */
    static double floor(Path work, Path v2, String name) throws Exception {
        Path scratch = Files.createDirectories(work.resolve("floor-" + name));
        long start = System.nanoTime();
        exec("tar", "-C", v2.toString(), "-czf", scratch.resolve("broken.tar.gz").toString(), "--exclude=.git", "--exclude=node_modules",
                "agents", "steps", "templates", "checklists", "DEPLOYMENT", "config.yaml", "workflow.md", "README.md");
        Path restored = Files.createDirectories(scratch.resolve("restored"));
        exec("tar", "-C", restored.toString(), "-xzf", work.resolve("backups/" + name + "-v1.0.0-backup-1.tar.gz").toString());
        exec("sh", "-c", "cd " + restored + " && grep -q 'version: \"1.0.0\"' config.yaml && test $(ls steps/*/*.md | wc -l) -ge 13"
                + " && test $(ls agents/*.md | wc -l) -ge 11 && head -c 1 workflow.md >/dev/null");
        double millis = (System.nanoTime() - start) / 1e6;
        ArchiveBench.delete(scratch);
        return millis;
    }

    /** Median of three starts (-Dbench.ready.starts) of the service on its own: time to ready and RSS then. */
    private static Map<String, Object> readyAlone(String name, int port, Map<String, String> environment) throws Exception {
        List<Double> ready = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("bench.ready.starts", 3); i++) {
            try (ServiceProcess service = ServiceProcess.start(name, port, environment)) {
                ready.add((double) service.awaitReady(Duration.ofSeconds(180)).toMillis());
                rss.add((double) service.rssKilobytes());
            }
        }
        Map<String, Object> alone = new LinkedHashMap<>();
        alone.put("ready_ms_alone", Math.round(Stats.of(ready).median()));
        alone.put("rss_kb_at_ready_alone", Math.round(Stats.of(rss).median()));
        return alone;
    }

    static void report(Map<String, List<Double>> phases, Stats floor, double signalsPerSecond, Map<String, Object> footprint,
                       Map<String, Object> json) {
        System.out.printf(Locale.ROOT, "%n%-52s %6s %9s %9s %9s %9s%n", "whole rollback (ms; MB/s)", "n", "median", "min", "max", "p90");
        Map<String, Object> table = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> entry : phases.entrySet()) {
            Stats stats = Stats.of(entry.getValue());
            System.out.printf(Locale.ROOT, "%-52s %6d %9.1f %9.1f %9.1f %9.1f%n", entry.getKey(), stats.count(), stats.median(), stats.min(),
                    stats.max(), stats.p90());
            table.put(entry.getKey(), Map.of("median", stats.median(), "min", stats.min(), "max", stats.max(), "count", stats.count()));
        }
        System.out.printf(Locale.ROOT, "%-52s %6d %9.1f %9.1f %9.1f %9.1f%n", "floor: tar czf + tar xzf + validation by hand", floor.count(),
                floor.median(), floor.min(), floor.max(), floor.p90());
        double total = Stats.of(phases.get(TOTAL)).median();
        double smokePassed = Stats.of(phases.get(SMOKE_PASSED)).median();
        double downtime = Stats.of(phases.get(DOWNTIME)).median();
        System.out.printf(Locale.ROOT, "%-52s %.2fx (median total / median floor; goal <= 1.0)%n", "ratio to the floor", total / floor.median());
        System.out.printf(Locale.ROOT, "%-52s %.2fx (goal <= 0.5)%n", "restored and smoke-tested / floor", smokePassed / floor.median());
        // the floor's whole procedure runs between its stop and its start: its downtime is the floor itself
        System.out.printf(Locale.ROOT, "%-52s %.3fx, %.0fx shorter (goal: <= 1 s and >= 10x shorter); per run: %s ms%n",
                "workload downtime / floor's downtime", downtime / floor.median(), floor.median() / Math.max(downtime, 1),
                phases.get(DOWNTIME).stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList());
        System.out.printf(Locale.ROOT, "%-52s %.0f signals/s%n", "signals through incident-service (executor, verifier up)", signalsPerSecond);
        footprint.forEach((service, values) -> System.out.printf(Locale.ROOT, "%-52s %s%n", service, values));
        json.put("phases", table);
        json.put("floor", Map.of("median", floor.median(), "min", floor.min(), "max", floor.max()));
        json.put("ratio_to_floor", total / floor.median());
        json.put("smoke_passed_ratio_to_floor", smokePassed / floor.median());
        json.put("downtime_ms_per_run", phases.get(DOWNTIME));
        json.put("downtime_ms_median", downtime);
        json.put("downtime_ratio_to_floor", downtime / floor.median());
        json.put("signals_per_second", signalsPerSecond);
        json.put("footprint", footprint);
    }

    static Path tree(Path root, String version, int files, long bytes) throws IOException {
        WorkflowTrees.create(root, version);
        Random random = new Random(version.hashCode());
        long perFile = bytes / files;
        for (int i = 0; i < files; i++) {
            ArchiveBench.writeWords(root.resolve("templates/bulk-" + (i % 50)).resolve("page-" + i + ".md"), perFile, random);
        }
        return root;
    }

    static Instant time(List<Map<String, Object>> events, String type, Integer phase) {
        return events.stream().filter(e -> type.equals(e.get("type")))
                .filter(e -> phase == null || phase.equals(((Map<?, ?>) e.get("data")).get("phase")))
                .map(e -> Instant.parse((String) e.get("time"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type + (phase == null ? "" : " " + phase)));
    }

    static void add(Map<String, List<Double>> phases, String name, Duration duration) {
        phases.computeIfAbsent(name, k -> new ArrayList<>()).add(duration.toNanos() / 1e6);
    }

    static void exec(String... command) throws Exception {
        ArchiveBench.exec(command);
    }
}
