package dev.rewind.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.devstack.ClassArchiveTraining;
import dev.rewind.devstack.KnowledgeMcpServer;
import dev.rewind.testing.ChannelSinks;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.ServiceProcess;
import dev.rewind.testing.SharedDatabase;
import dev.rewind.testing.TestTokens;
import dev.rewind.testing.WorkflowTrees;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The four services as separate processes in the prod profile, on the real broker and database, with
 * real trees, archives and processes on disk and a real Knowledge MCP server: a signal in, a verified
 * rollback out; and the unhappy paths.
 */
class EndToEndTest {
    static final String PUBLISHER = TestTokens.token("prometheus", "signal-publisher");
    static final String ANALYST = TestTokens.token("ana", "analyst");
    static final String LEAD = TestTokens.token("alice", "tech-lead");
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String GOOD = "e2e-good-" + RUN;
    static final String BAD = "e2e-bad-" + RUN;
    /** Its only backup fails validation at first; a good one turns up before attempt 2. */
    static final String RETRY = "e2e-retry-" + RUN;
    static Path root;
    static Path v1;
    static KnowledgeMcpServer knowledge;
    static ChannelSinks sinks;
    static List<ServiceProcess> services;
    static ServiceProcess incident;
    static ServiceProcess executor;

    @BeforeAll
    static void start() throws Exception {
        if (!LocalInfra.brokerAnswers(LocalInfra.BOOTSTRAP, Duration.ofSeconds(10))) {
            throw new IllegalStateException("start the broker first: ./rewind infra (./rewind test does it)");
        }
        root = Files.createTempDirectory("rewind-e2e");
        v1 = WorkflowTrees.create(root.resolve("v1"), "1.0.0");
        Path v1Broken = WorkflowTrees.create(root.resolve("v1-broken"), "1.0.0");
        Files.delete(v1Broken.resolve("agents/dev.md"));
        Files.createDirectories(root.resolve("backups"));
        Path good = root.resolve("backups/" + GOOD + "-v1.0.0-backup-20261101.tar.gz");
        tar(v1, good, Instant.now().minusSeconds(7200));
        byte[] bytes = Files.readAllBytes(good);
        bytes[bytes.length / 2] ^= 0x42;
        Path corrupt = root.resolve("backups/" + GOOD + "-v1.0.0-backup-20261120.tar.gz");
        Files.write(corrupt, bytes);
        tar(v1Broken, root.resolve("backups/" + BAD + "-v1.0.0-backup-20261101.tar.gz"), Instant.now());
        tar(v1Broken, root.resolve("backups/" + RETRY + "-v1.0.0-backup-20261101.tar.gz"), Instant.now().minusSeconds(3600));
        StringBuilder file = new StringBuilder("deployments:\n");
        for (String deployment : List.of(GOOD, BAD, RETRY)) {
            WorkflowTrees.create(root.resolve("srv/" + deployment), "2.0.0");
            new ProcessBuilder("sh", "-c", "sleep 3600; : workflow-" + deployment).start();
            file.append("""
                      %1$s:
                        target: %2$s/srv/%1$s
                        lastGoodVersion: 1.0.0
                        backups: { directory: %2$s/backups }
                        diagnostics: { directory: %2$s/diagnostics }
                        workload:
                          controller: process
                          match: ["sh -c sleep [0-9]+; : workflow-%1$s"]
                          start: ["sh", "-c", "sleep 3600; : workflow-%1$s"]
                          gracePeriod: 2s
                    """.formatted(deployment, root));
        }
        Files.writeString(root.resolve("deployments.yaml"), file.toString());
        knowledge = new KnowledgeMcpServer(0);

        // the services' consumer groups start at the end of every topic: the modules' tests left thousands of events there
        String groups = LocalInfra.ownGroupsAtTheEnd();
        incident = ServiceProcess.start("incident-service", 18081, LocalInfra.withGroups(groups, Map.of()));
        executor = ServiceProcess.start("executor-service", 18082, LocalInfra.withGroups(groups,
                Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString())));
        ServiceProcess verifier = ServiceProcess.start("verifier-service", 18083, LocalInfra.withGroups(groups, Map.of(
                "REWIND_VERIFIER_KNOWLEDGE_MCP_URL", knowledge.url(), "REWIND_VERIFIER_KNOWLEDGE_MCP_HEALTH_URL", knowledge.healthUrl())));
        sinks = new ChannelSinks();
        SharedDatabase.abandonPendingDeliveries();
        ServiceProcess notifier = ServiceProcess.start("notifier-service", 18084, LocalInfra.withGroups(groups, sinks.notifierEnvironment(root)));
        services = List.of(incident, executor, verifier, notifier);
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(120));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        stopAll(services == null ? List.of() : services, knowledge, sinks, "workflow-e2e-");
    }

    /** The services, the MCP server and the sinks closed (each if started), then the stand-in workloads stopped. */
    static void stopAll(List<ServiceProcess> started, KnowledgeMcpServer knowledge, ChannelSinks sinks, String workloads)
            throws Exception {
        for (ServiceProcess service : started) {
            service.close();
        }
        if (knowledge != null) {
            knowledge.close();
        }
        if (sinks != null) {
            sinks.close();
        }
        dev.rewind.testing.Workloads.stopAll(workloads);
    }

    static void tar(Path tree, Path archive, Instant modified) throws Exception {
        Process tar = new ProcessBuilder("tar", "-C", tree.toString(), "-czf", archive.toString(), "agents", "steps",
                "templates", "checklists", "DEPLOYMENT", "config.yaml", "workflow.md", "README.md")
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Files.setLastModifiedTime(archive, FileTime.from(modified));
    }

    static String signal(String deployment, String metric, double value) {
        return signal(incident, deployment, metric, value);
    }

    /** A signal through the REST intake of this incident-service; its incident's id. */
    static String signal(ServiceProcess incidentService, String deployment, String metric, double value) {
        return given().baseUri(incidentService.url()).auth().oauth2(PUBLISHER).contentType("application/json")
                .body("{\"deployment\":\"%s\",\"version\":\"2.0.0\",\"metric\":\"%s\",\"value\":%s,\"observedAt\":\"%s\"}"
                        .formatted(deployment, metric, value, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
    }

    static String rollbackStatus(String incidentId) {
        var response = given().baseUri(executor.url()).auth().oauth2(ANALYST).get("/api/v1/rollbacks/" + incidentId);
        return response.statusCode() == 200 ? response.path("status") : "NONE";
    }

    static boolean workflowRunning(String deployment) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains("workflow-" + deployment)).orElse(false));
    }

    static List<Map<String, Object>> events(String incidentId) {
        return events(incident, incidentId);
    }

    static List<Map<String, Object>> events(ServiceProcess incidentService, String incidentId) {
        return given().baseUri(incidentService.url()).auth().oauth2(ANALYST).get("/api/v1/incidents/" + incidentId + "/events").then()
                .statusCode(200).extract().path("$");
    }

    @Test
    void a_tier_1_signal_ends_in_a_verified_restore_with_the_broken_version_archived() throws Exception {
        String incidentId = signal(GOOD, "critical_security_vulnerability", 1);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> rollbackStatus(incidentId).equals("COMPLETED"));

        Path target = root.resolve("srv/" + GOOD);
        for (String file : List.of("config.yaml", "workflow.md", "README.md", "agents/dev.md", "templates/report.md",
                "steps/0-scoping/step-01-business-analyst.md", "steps/6-integration/step-11-release.md")) {
            assertThat(Files.readAllBytes(target.resolve(file))).as(file).isEqualTo(Files.readAllBytes(v1.resolve(file)));
        }
        assertThat(Files.readString(target.resolve("runtime/sessions.db"))).isEqualTo("user data");
        assertThat(Files.readString(target.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
        String broken = given().baseUri(executor.url()).auth().oauth2(ANALYST).get("/api/v1/rollbacks/" + incidentId).path("brokenArchive");
        assertThat(Path.of(broken)).exists();
        assertThat(broken).contains(GOOD + "-v2.0.0-broken-");
        assertThat(workflowRunning(GOOD)).as("the workflow was restarted").isTrue();
        String rejected = given().baseUri(executor.url()).auth().oauth2(ANALYST).get("/api/v1/rollbacks/" + incidentId)
                .path("steps.find { it.step == '1.3' }.outputs.rejected");
        assertThat(rejected).as("the corrupt newest backup was skipped").contains("20261120");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().baseUri(incident.url()).auth().oauth2(ANALYST).get("/api/v1/incidents/" + incidentId).then()
                        .body("status", equalTo("RESTORED")));
        // events of different topics reach the store in their own order: wait for both verdicts
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> events(incidentId).stream()
                    .filter(e -> "dev.rewind.verification.completed".equals(e.get("type"))).count() == 2);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("stream: " + events(incidentId).stream().map(x -> x.get("type") + (x.get("type").toString().contains("verification") ? String.valueOf(x.get("data")) : "")).toList(), e);
        }
        List<Map<String, Object>> stream = events(incidentId);
        List<Object> types = stream.stream().map(e -> e.get("type")).toList();
        assertThat(types).startsWith("dev.rewind.incident.opened", "dev.rewind.incident.classified", "dev.rewind.rollback.authorized")
                .contains("dev.rewind.phase.started", "dev.rewind.step.completed", "dev.rewind.check.completed", "dev.rewind.rollback.completed");
        List<Object> verdicts = stream.stream().filter(e -> "dev.rewind.verification.completed".equals(e.get("type")))
                .map(e -> (Object) ((Map<?, ?>) e.get("data")).get("verdict")).toList();
        assertThat(verdicts).containsExactly("PASSED", "PASSED");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events(incidentId).stream()
                .filter(e -> "dev.rewind.notification.delivered".equals(e.get("type")))
                .map(e -> String.valueOf(((Map<?, ?>) e.get("data")).get("recipient"))).toList()).contains("users@test.example", "Tess Lead", "Olivia Oncall", "team-chat"));
        // a recipient's first delivery satisfies the wait above; each message of theirs arrives in its own time
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(sinks.mailsTo("users@test.example")).anySatisfy(m -> assertThat(m.getSubject()).isEqualTo("ROLLBACK COMPLETE - " + GOOD + " Restored"));
            assertThat(sinks.mailsTo("tess@test.example")).anySatisfy(m -> assertThat(m.getSubject()).isEqualTo("URGENT: " + GOOD + " v2.0.0 Rollback in Progress"));
        });
        // the resolve is its own delivery, as independent of the users' mail as of the page
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sinks.http().received("/pager")).filteredOn(r -> r.body().contains(incidentId))
                .extracting(r -> r.body().contains("\"event_action\":\"trigger\"") ? "trigger" : r.body().contains("\"resolve\"") ? "resolve" : "other")
                .containsExactly("trigger", "resolve"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(incident.url()).auth().oauth2(ANALYST)
                .get("/api/v1/incidents/" + incidentId + "/timeline").then().statusCode(200)
                .body("execution.steps.id", org.hamcrest.Matchers.hasItems("1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.6", "3.1", "4.2"))
                .body("execution.workloadDown.status", equalTo("UP"))
                .body("execution.workloadDown.durationMs", org.hamcrest.Matchers.lessThan(30_000))
                .body("checklist.findAll { it.checked }.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(15)));
        String postmortem = given().baseUri(incident.url()).auth().oauth2(ANALYST).get("/api/v1/incidents/" + incidentId + "/postmortem")
                .then().statusCode(200).extract().asString();
        assertThat(postmortem).contains("- Smoke tests: PASS", "- Workload down: ", "- [x] Current (broken) version backed up", "- [x] Users notified of restoration",
                "## What changed between the broken and the restored version", GOOD + "-v2.0.0-broken-");
        assertThat(postmortem).containsPattern("Added \\d+, removed \\d+, changed [1-9]\\d*, unchanged \\d+ files");
    }

    @Test
    void a_restore_that_fails_validation_is_never_put_in_place_the_broken_version_is_never_stopped_and_the_incident_shows_it() throws Exception {
        String incidentId = signal(BAD, "database_corruption", 1);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> rollbackStatus(incidentId).equals("FAILED"));
        assertThat(workflowRunning(BAD)).as("the broken version keeps running: the staged tree never replaced it").isTrue();
        List<String> steps = given().baseUri(executor.url()).auth().oauth2(ANALYST).get("/api/v1/rollbacks/" + incidentId).path("steps.step");
        assertThat(steps).as("staged and rejected before anything is stopped").contains("2.3~1", "2.4~1").doesNotContain("2.1", "2.6U", "2.2");
        assertThat(Files.readString(root.resolve("srv/" + BAD + "/config.yaml"))).contains("2.0.0");
        assertThat(Files.exists(root.resolve("srv/" + BAD + "/agents/dev.md"))).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().baseUri(incident.url()).auth().oauth2(ANALYST).get("/api/v1/incidents/" + incidentId).then()
                        .body("status", equalTo("ROLLBACK_FAILED")));
        Map<?, ?> failed = events(incidentId).stream().filter(e -> "dev.rewind.rollback.failed".equals(e.get("type")))
                .map(e -> (Map<?, ?>) e.get("data")).findFirst().orElseThrow();
        assertThat(failed.get("failedChecks").toString()).contains("file present: agents/dev.md");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sinks.http().received("/pager"))
                .filteredOn(r -> r.body().contains(incidentId) && r.body().contains("FAILED"))
                .extracting(r -> r.body().contains("ivan-key") ? "Ivan" : "Tess").contains("Ivan", "Tess"));
    }

    /**
     * The life after a failed rollback (issue 19): attempt 1 fails, a lead asks for attempt 2, which restores; the gate
     * blocks the rolled-back version; three people's sign-offs let the hotfix through; the hotfix's first signal starts
     * its heightened monitoring, which the timeline shows; the hotfix resolution ends the incident.
     */
    @Test
    void a_failed_rollback_succeeds_at_attempt_2_and_the_signed_off_hotfix_is_watched() throws Exception {
        String incidentId = signal(RETRY, "database_corruption", 1);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> rollbackStatus(incidentId).equals("FAILED"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incidentApi().get("/api/v1/incidents/" + incidentId).then()
                .body("status", equalTo("ROLLBACK_FAILED")));

        tar(v1, root.resolve("backups/" + RETRY + "-v1.0.0-backup-20261125.tar.gz"), Instant.now());
        incidentApi(LEAD).body("{\"reason\":\"a good backup of 1.0.0 is in place\"}")
                .post("/api/v1/incidents/" + incidentId + "/rollback-attempts").then().statusCode(200)
                .body("incident.status", equalTo("AWAITING_AUTHORIZATION"));
        incidentApi(LEAD).body("{\"decision\":\"APPROVE\",\"criticalIssue\":\"database corruption\",\"usersAffected\":40,"
                        + "\"dataImpact\":\"NONE\",\"severity\":\"CRITICAL\",\"dataLossAccepted\":false}")
                .post("/api/v1/incidents/" + incidentId + "/authorizations").then().statusCode(200);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> rollbackStatus(incidentId).equals("COMPLETED"));
        assertThat(Files.readAllBytes(root.resolve("srv/" + RETRY + "/agents/dev.md"))).isEqualTo(Files.readAllBytes(v1.resolve("agents/dev.md")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incidentApi().get("/api/v1/incidents/" + incidentId).then()
                .body("status", equalTo("RESTORED")).body("attempts", equalTo(2)));

        incidentApi().get("/api/v1/deployments/" + RETRY + "/gate?version=2.0.0").then().statusCode(409);
        incidentApi(ANALYST).body("{\"rootCause\":\"the 2.0.0 release dropped agents/dev.md\"}")
                .post("/api/v1/incidents/" + incidentId + "/postmortem/notes").then().statusCode(201);
        for (String[] signOff : List.of(new String[] {LEAD, "FIX_APPROVED"}, new String[] {TestTokens.token("quinn", "qa-lead"), "TESTING_CERTIFIED"},
                new String[] {TestTokens.token("pat", "product-manager"), "DEPLOYMENT_APPROVED"})) {
            incidentApi(signOff[0]).body("{\"signOff\":\"" + signOff[1] + "\",\"version\":\"2.0.1\"}")
                    .post("/api/v1/incidents/" + incidentId + "/sign-offs").then().statusCode(200);
        }
        incidentApi().get("/api/v1/deployments/" + RETRY + "/gate?version=2.0.1").then().statusCode(200).body("allowed", equalTo(true));
        incidentApi().get("/api/v1/deployments/" + RETRY + "/gate?version=2.0.0").then().statusCode(409);

        given().baseUri(incident.url()).auth().oauth2(PUBLISHER).contentType("application/json")
                .body("{\"deployment\":\"%s\",\"version\":\"2.0.1\",\"metric\":\"users_blocked\",\"value\":0,\"observedAt\":\"%s\"}"
                        .formatted(RETRY, Instant.now())).post("/api/v1/signals").then().statusCode(202);
        incidentApi(LEAD).body("{\"reason\":\"HOTFIX_DEPLOYED\",\"summary\":\"2.0.1 is out\",\"hotfixVersion\":\"2.0.1\"}")
                .post("/api/v1/incidents/" + incidentId + "/resolution").then().statusCode(200);

        incidentApi().get("/api/v1/incidents/" + incidentId + "/timeline").then().statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("execution.attempts", equalTo(2))
                .body("execution.steps.id", org.hamcrest.Matchers.hasItems("1.3", "2.4~1", "1.3@2", "2.4@2", "2.1@2", "2.6@2", "3.1@2", "2.2@2"))
                .body("execution.steps.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("2.6U")))
                .body("resolution.signOffs.size()", equalTo(3))
                .body("resolution.heightened.version", equalTo("2.0.1"))
                .body("resolution.ended.reason", equalTo("HOTFIX_DEPLOYED"));
        List<String> earlier = given().baseUri(executor.url()).auth().oauth2(ANALYST).get("/api/v1/rollbacks/" + incidentId).then()
                .body("attempt", equalTo(2)).extract().path("earlierAttempts.step");
        assertThat(earlier).as("attempt 1 failed before anything was stopped").contains("1.3@1").doesNotContain("2.1@1", "2.6U@1");
    }

    private static io.restassured.specification.RequestSpecification incidentApi() {
        return given().baseUri(incident.url()).auth().oauth2(ANALYST);
    }

    private static io.restassured.specification.RequestSpecification incidentApi(String token) {
        return given().baseUri(incident.url()).auth().oauth2(token).contentType("application/json");
    }

    @Test
    void an_unauthorized_approval_is_refused_and_recorded() {
        String incidentId = signal("e2e-tier2-" + RUN, "users_blocked", 9);
        given().baseUri(incident.url()).auth().oauth2(ANALYST).contentType("application/json")
                .body("{\"decision\":\"APPROVE\",\"criticalIssue\":\"x\",\"usersAffected\":9,\"dataImpact\":\"NONE\",\"severity\":\"MAJOR\",\"dataLossAccepted\":false}")
                .post("/api/v1/incidents/" + incidentId + "/authorizations").then().statusCode(403);
        List<Object> types = events(incidentId).stream().map(e -> e.get("type")).toList();
        assertThat(types).contains("dev.rewind.authorization.refused").doesNotContain("dev.rewind.rollback.authorized");
    }

    @Test
    void each_service_started_on_a_class_data_archive_trained_by_a_real_start() throws Exception {
        for (String service : List.of("incident-service", "executor-service", "verifier-service", "notifier-service")) {
            Path app = ServiceProcess.projectRoot().resolve(service).resolve("target/quarkus-app");
            assertThat(ClassArchiveTraining.isTrained(app)).as(service).isTrue();
            assertThat(app.resolve("app-cds-training.log")).as("a training that failed keeps its log").doesNotExist();
        }
    }
}
