package dev.rewind.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.events.codec.EventJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every benchmark, at a small size, runs to its end and writes its JSON, so a benchmark cannot rot unseen
 * between the runs someone makes by hand. It asserts what was measured is there, never how fast it was.
 */
class BenchmarksSmokeTest {
    static final Map<String, String> SMALL = Map.ofEntries(
            Map.entry("bench.archive.files", "40"), Map.entry("bench.archive.bytes", Long.toString(1L << 20)),
            Map.entry("bench.archive.runs", "1"),
            Map.entry("bench.rollbacks", "1"), Map.entry("bench.files", "40"), Map.entry("bench.bytes", Long.toString(1L << 20)),
            Map.entry("bench.rollback.signals", "100"), Map.entry("bench.ready.starts", "1"),
            Map.entry("bench.latency.runs", "5"), Map.entry("bench.throughput.signals", "50"),
            Map.entry("bench.events", "300"), Map.entry("bench.runs", "1"),
            Map.entry("bench.timeline.events", "2000"),
            Map.entry("bench.signals.deployments", "200"), Map.entry("bench.signals.rounds", "2"),
            Map.entry("bench.signals.triggers", "5"), Map.entry("bench.signals.background", "100"));

    @TempDir
    static Path out;

    @BeforeAll
    static void small() {
        System.setProperty("bench.out", out.toString());
        SMALL.forEach(System::setProperty);
    }

    @AfterAll
    static void restore() {
        System.clearProperty("bench.out");
        SMALL.keySet().forEach(System::clearProperty);
    }

    static JsonNode written(String name) throws Exception {
        Path file = out.resolve(name);
        assertThat(file).as(name + " written").isRegularFile();
        return EventJson.MAPPER.readTree(Files.readAllBytes(file));
    }

    @Test
    void the_archive_benchmark() throws Exception {
        ArchiveBench.main(new String[0]);
        assertThat(written("bench-archive.json").size()).isPositive();
    }

    @Test
    void the_timeline_benchmark() throws Exception {
        TimelineBench.main(new String[0]);
        JsonNode json = written("timeline-bench.json");
        assertThat(json.has("2000")).isTrue();
        assertThat(json.path("http").has("after_one_more")).isTrue();
    }

    @Test
    void the_incident_benchmark() throws Exception {
        IncidentBench.main(new String[0]);
        assertThat(written("bench-incident.json").has("signal_to_rollback_authorized")).isTrue();
    }

    @Test
    void the_ingest_benchmark() throws Exception {
        IngestBench.main(new String[0]);
        JsonNode json = written("bench-ingest.json");
        assertThat(json.has("event-store ingest (events/s)")).isTrue();
        assertThat(json.has("store lag p99 (ms)")).isTrue();
    }

    @Test
    void the_signal_benchmark() throws Exception {
        SignalBench.main(new String[0]);
        JsonNode json = written("bench-signals.json");
        assertThat(json.has("signal intake, 200 deployments (signals/s)")).isTrue();
        assertThat(json.has("signal -> rollback.authorized under 100 signals/s (ms)")).isTrue();
    }

    @Test
    void the_rollback_benchmark() throws Exception {
        RollbackBench.main(new String[0]);
        JsonNode json = written("bench-rollback.json");
        assertThat(json.path("phases").has("total: signal -> rollback.completed")).isTrue();
        assertThat(json.has("ratio_to_floor")).isTrue();
    }
}
