package dev.rewind.incident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.events.PhaseEvent.PhaseCompleted;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static dev.rewind.incident.Api.as;
import static dev.rewind.incident.Api.deployment;
import static dev.rewind.incident.Api.signal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The timeline, the post-mortem and its notes over HTTP, and the page in a real headless Chromium. */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class TimelineApiTest {
    static KafkaTestClient kafka;
    static String incident;
    static Instant authorizedBy;

    @TestHTTPResource("/")
    java.net.URL base;

    @BeforeAll
    static void rollBackOnce() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /** A tier-1 incident and the executor's events of a short rollback, as they arrive over Kafka. */
    static synchronized String restoredIncident() {
        if (incident != null) {
            return incident;
        }
        String id = as(Api.PUBLISHER).body(signal(deployment(), "database_corruption", 1, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
        UUID uuid = UUID.fromString(id);
        authorizedBy = Instant.now();
        CloudEventCodec executor = new CloudEventCodec("/rewind/executor-service");
        Instant t = Instant.now();
        List<RewindEvent> events = new ArrayList<>();
        events.add(new PhaseStarted(UUID.randomUUID(), uuid, t.plusMillis(10), 1, "Preparation"));
        events.add(new StepCompleted(UUID.randomUUID(), uuid, t.plusMillis(300), 1, "1.2", "Capture diagnostic information", 290,
                Map.of("diagnostics", "/diag/rollback-x")));
        events.add(new PhaseCompleted(UUID.randomUUID(), uuid, t.plusMillis(310), 1, "Preparation", 300));
        events.add(new PhaseStarted(UUID.randomUUID(), uuid, t.plusMillis(320), 2, "Execution"));
        events.add(new StepCompleted(UUID.randomUUID(), uuid, t.plusMillis(400), 2, "2.1", "Stop all workflow processes", 50,
                Map.of("stopped", "1")));
        events.add(new StepCompleted(UUID.randomUUID(), uuid, t.plusMillis(500), 2, "2.6", "Start the restored workflow", 20,
                Map.of("started", "1", "downtimeMs", "130")));
        events.add(new StepCompleted(UUID.randomUUID(), uuid, t.plusMillis(900), 2, "2.2", "Back up the current (broken) version", 380,
                Map.of("archive", "/backups/x-broken.tar.gz", "sha256", "ff")));
        events.add(new PhaseCompleted(UUID.randomUUID(), uuid, t.plusMillis(1000), 2, "Execution", 680));
        events.add(new RollbackCompleted(UUID.randomUUID(), uuid, t.plusMillis(1100), "d", "2.0.0", "1.0.0", 1090, "/backups/x-broken.tar.gz"));
        events.forEach(event -> kafka.send(executor.toRecord(event)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(Api.ANALYST).get("/api/v1/incidents/" + id + "/timeline").then().statusCode(200).body("status", equalTo("RESTORED")));
        incident = id;
        return id;
    }

    @Test
    void the_timeline_is_served_and_rebuilt_as_of_a_moment() {
        String id = restoredIncident();
        as(Api.ANALYST).get("/api/v1/incidents/" + id + "/timeline").then().statusCode(200)
                .body("detection.how", equalTo("monitoring signal"))
                .body("authorization.authorizedBy", equalTo("policy:tier1"))
                .body("execution.steps.id", equalTo(List.of("1.2", "2.1", "2.6", "2.2")))
                .body("execution.workloadDown.status", equalTo("UP"))
                .body("execution.workloadDown.durationMs", equalTo(130))
                .body("execution.phases", hasSize(2))
                .body("checklist.find { it.item == 'Current (broken) version backed up' }.checked", equalTo(true));
        as(Api.ANALYST).get("/api/v1/incidents/" + id + "/timeline?asOf=" + authorizedBy.minusSeconds(60)).then().statusCode(200)
                .body("events", equalTo(0));
        as(Api.ANALYST).get("/api/v1/incidents/" + id + "/timeline?asOf=yesterday").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("asOf"));
        as(Api.ANALYST).get("/api/v1/incidents/" + UUID.randomUUID() + "/timeline").then().statusCode(404);
        given().get("/api/v1/incidents/" + id + "/timeline").then().statusCode(401);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}={1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "status | NOPE", "status | AUTHORIZED%0Ax", "status | %00", "status | ROLLED_BACK_AND_MORE_AND_MORE",
            "limit  | 0", "limit | -1", "limit | 10001",
            "asOf   | yesterday", "asOf | 2026-13-45T99:00:00Z", "asOf | %00", "asOf | 1e400"})
    void a_hostile_query_parameter_is_refused_naming_it(String parameter, String value) {
        String path = parameter.equals("status") ? "/api/v1/incidents" : "/api/v1/incidents/" + restoredIncident()
                + (parameter.equals("limit") ? "/events" : "/timeline");
        as(Api.ANALYST).urlEncodingEnabled(false).get(path + "?" + parameter + "=" + value).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo(parameter));
    }

    @Test
    void a_limit_that_is_no_number_is_refused_never_a_server_error() {
        for (String limit : List.of("abc", "2147483648", "1.5", "%00")) {
            int status = as(Api.ANALYST).urlEncodingEnabled(false).get("/api/v1/incidents/" + restoredIncident() + "/events?limit=" + limit)
                    .then().extract().statusCode();
            assertThat(status).as("limit=%s", limit).isBetween(400, 499);
        }
    }

    @Test
    void analysts_add_notes_that_become_events_and_fill_the_post_mortem() {
        String id = restoredIncident();
        // read once before the notes: the timeline kept from this read must take the notes' event after it
        as(Api.ANALYST).get("/api/v1/incidents/" + id + "/timeline").then().statusCode(200)
                .body("resolution.rootCause", org.hamcrest.Matchers.nullValue());
        as(Api.PUBLISHER).body("{\"rootCause\":\"x\"}").post("/api/v1/incidents/" + id + "/postmortem/notes").then().statusCode(403);
        as(Api.ANALYST).body("{}").post("/api/v1/incidents/" + id + "/postmortem/notes").then().statusCode(400)
                .body("field", equalTo("notes"));
        as(Api.ANALYST).body("{\"rootCause\":\"the new agent persona timed out\",\"lessons\":[\"canary the agents\"],"
                        + "\"actionItems\":[\"Monitoring improvements\"],\"meetingAt\":\"2026-11-26T15:00:00Z\"}")
                .post("/api/v1/incidents/" + id + "/postmortem/notes").then().statusCode(201)
                .body("rootCause", equalTo("the new agent persona timed out"));
        String markdown = as(Api.ANALYST).accept("text/markdown").get("/api/v1/incidents/" + id + "/postmortem").then().statusCode(200)
                .contentType(containsString("text/markdown")).extract().asString();
        assertThat(markdown).startsWith("# Rollback Post-Mortem: ").contains("Root cause identified: the new agent persona timed out",
                "- [x] Monitoring improvements", "1. What happened? (Describe the issue)", "/backups/x-broken.tar.gz",
                "- [x] Post-mortem scheduled");
        List<String> types = as(Api.ANALYST).get("/api/v1/incidents/" + id + "/events").then().extract().path("type");
        assertThat(types).contains("dev.rewind.postmortem.noted");
    }

    @Test
    void the_page_draws_a_bar_per_phase_and_step_and_the_markers_in_headless_chromium() throws Exception {
        String id = restoredIncident();
        given().get("/incidents/" + id).then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"));
        String url = base.toString().replaceAll("/$", "") + "/incidents/" + id + "#token=" + Api.ANALYST;
        Path screenshot = Path.of("target/timeline-page.png");
        String dom = chromium("--dump-dom", url);
        assertThat(dom).contains("data-id=\"phase-1\"", "data-id=\"phase-2\"", "data-id=\"1.2\"", "data-id=\"2.2\"",
                "data-id=\"down\" data-status=\"UP\"", "workload down 0.1 s",
                "data-status=\"COMPLETED\"", "data-kind=\"authorization\"", "data-kind=\"detection\"", "class=\"status RESTORED\"");
        assertThat(dom).contains("<p id=\"error\" class=\"error\" hidden=\"\"></p>");
        chromium("--screenshot=" + screenshot.toAbsolutePath(), url);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void the_incidents_page_lists_the_incident_newest_first_with_its_gate_and_a_link_in_headless_chromium() throws Exception {
        String id = restoredIncident();
        given().get("/incidents").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'")).header("Cache-Control", "no-store");
        String dom = chromium("--dump-dom", base.toString().replaceAll("/$", "") + "/incidents#token=" + Api.ANALYST);
        assertThat(dom).contains("<tr data-id=\"" + id + "\" data-status=\"RESTORED\">", "<a href=\"/incidents/" + id + "\">timeline</a>",
                "class=\"status RESTORED\"", "blocks 2.0.0; a hotfix needs its sign-offs");
        assertThat(dom).contains("<p id=\"error\" class=\"error\" hidden=\"\"></p>");
        String withoutToken = chromium("--dump-dom", base.toString().replaceAll("/$", "") + "/incidents");
        assertThat(withoutToken).doesNotContain("data-id=").contains("<form id=\"login\">");
    }

    @Test
    void the_list_takes_a_limit_and_refuses_a_bad_one_naming_it() {
        restoredIncident();
        as(Api.ANALYST).get("/api/v1/incidents?limit=1").then().statusCode(200).body("$", hasSize(1));
        for (String bad : List.of("0", "-1", "10001", "abc", "1e3", "%20", "99999999999999999999", "1%00")) {
            as(Api.ANALYST).get("/api/v1/incidents?limit=" + bad).then().statusCode(400).contentType("application/problem+json")
                    .body("field", equalTo("limit"));
        }
    }

    @Test
    void an_exported_stream_rebuilds_the_same_timeline_and_post_mortem_offline() throws Exception {
        String id = restoredIncident();
        Path file = Files.createTempFile("rewind-incident", ".jsonl");
        assertThat(dev.rewind.incident.replay.ReplayCli.run("export", "--url", base.toString(), "--token", Api.ANALYST, "--page", "3",
                id, file.toString())).isZero();
        List<String> lines = Files.readAllLines(file);
        List<String> served = as(Api.ANALYST).get("/api/v1/incidents/" + id + "/events").then().extract().path("id");
        assertThat(lines).hasSize(served.size());

        String timeline = as(Api.ANALYST).get("/api/v1/incidents/" + id + "/timeline").then().extract().asString();
        String postmortem = as(Api.ANALYST).get("/api/v1/incidents/" + id + "/postmortem").then().extract().asString();
        assertThat(stdout("timeline", file.toString())).isEqualTo(timeline + "\n");
        assertThat(stdout("postmortem", file.toString())).isEqualTo(postmortem);
    }

    static String stdout(String... args) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(dev.rewind.incident.replay.ReplayCli.run(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String chromium(String action, String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("rewind-chromium");
        Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=1400,1000", "--virtual-time-budget=8000", action, url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finishes").isTrue();
        return out;
    }
}
