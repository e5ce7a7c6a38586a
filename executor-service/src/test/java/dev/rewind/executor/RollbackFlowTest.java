package dev.rewind.executor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Topics;
import dev.rewind.events.Verdict;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.events.VerificationStage;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.executor.archive.Digests;
import dev.rewind.executor.rollback.RestorerAccess;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.TestTokens;
import dev.rewind.testing.WorkflowTrees;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(RollbackFixture.class)
class RollbackFlowTest {
    static final String LEAD = TestTokens.token("alice", "tech-lead");
    static final CloudEventCodec INCIDENTS = new CloudEventCodec("/rewind/incident-service");
    static final CloudEventCodec VERIFIER = new CloudEventCodec("/rewind/verifier-service");
    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static RewindEvent decode(ConsumerRecord<String, byte[]> record) {
        return CloudEventCodec.decode(record.headers(), record.value()).event();
    }

    /**
     * A rollback holds its deployment until it ends: one a failed test left waiting for a verdict is ended here, so
     * the next test's rollback of the same deployment is not queued behind it.
     */
    @AfterEach
    void endWhatTheTestLeftWaiting() {
        for (UUID incident : started) {
            await().atMost(Duration.ofSeconds(60)).until(() -> List.of("VERIFYING", "COMPLETED", "FAILED", "NONE").contains(status(incident)));
            if ("VERIFYING".equals(status(incident))) {
                endWithFailedValidation(incident);
            }
        }
        started.clear();
    }

    static void endWaitingVerification(UUID incident, Map<String, Object> rollback) {
        for (Map<String, Object> step : (List<Map<String, Object>>) rollback.get("steps")) {
            Map<String, String> outputs = (Map<String, String>) step.get("outputs");
            if ("WAITING".equals(step.get("status")) && outputs != null && outputs.containsKey("verificationId")) {
                VerificationStage stage = "2.4".equals(step.get("step")) ? VerificationStage.VALIDATION : VerificationStage.SMOKE;
                kafka.send(VERIFIER.toRecord(new VerificationCompleted(UUID.randomUUID(), incident, Instant.now(),
                        UUID.fromString(outputs.get("verificationId")), stage, Verdict.FAILED, 0, 1, 0, List.of("ended by the test"),
                        "Overall: FAILED")));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(incident)));
    }

    static String status(UUID incident) {
        io.restassured.response.Response response = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident);
        return response.statusCode() == 404 ? "NONE" : response.then().extract().path("status");
    }

    static final List<UUID> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    static void authorize(RollbackAuthorized authorized) {
        started.add(authorized.incidentId());
        kafka.send(INCIDENTS.toRecord(authorized));
    }

    static VerificationRequested authorizeAndAwaitValidation(UUID incident, KafkaTestClient.Watch phases) {
        authorize(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(), "wf", "2.0.0", null, "policy:tier1", "tier 1"));
        return (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                && decode(r) instanceof VerificationRequested, Duration.ofSeconds(60)));
    }

    static void verdict(VerificationRequested request, Verdict verdict, List<String> failed) {
        kafka.send(VERIFIER.toRecord(new VerificationCompleted(UUID.randomUUID(), request.incidentId(), Instant.now(),
                request.verificationId(), request.stage(), verdict, verdict == Verdict.PASSED ? 27 : 25, failed.size(), 0,
                failed, "Overall: " + verdict)));
    }

    /** A rollback holds its deployment until it ends: a test that stops at a verification ends it, for the next test. */
    static void endWithFailedValidation(UUID incident) {
        endWaitingVerification(incident, given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                .extract().as(Map.class));
    }

    static boolean workflowRunning() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains(RollbackFixture.marker)).orElse(false));
    }

    @Test
    void a_rollback_runs_from_authorization_to_completed_with_a_verified_restore() throws Exception {
        Process workflow = RollbackFixture.freshDeployment();
        await().atMost(Duration.ofSeconds(10)).until(RollbackFlowTest::workflowRunning);
        assertThat(workflow.isAlive()).as("the workflow runs before the rollback").isTrue();
        Path target = RollbackFixture.target;
        WorkflowTrees.write(target.resolve("agents/new-in-v2.md"), "only in the broken version");
        UUID incident = UUID.randomUUID();

        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            VerificationRequested validation = authorizeAndAwaitValidation(incident, phases);
            assertThat(validation.stage()).isEqualTo(VerificationStage.VALIDATION);
            assertThat(validation.expectedVersion()).isEqualTo("1.0.0");
            assertThat(validation.targetDirectory()).isEqualTo(target.toString());

            // the workload was stopped, the newest backup was corrupt and skipped, the restore is exact
            assertThat(workflow.isAlive()).isFalse();
            Map<String, Object> rollback = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then()
                    .statusCode(200).body("status", equalTo("VERIFYING")).extract().as(Map.class);
            assertThat((String) rollback.get("sourceArchive")).endsWith("wf-v1.0.0-backup-20261101.tar.gz");
            for (Path file : List.of(Path.of("config.yaml"), Path.of("agents/dev.md"), Path.of("steps/0-scoping/step-01-business-analyst.md"),
                    Path.of("workflow.md"), Path.of("templates/report.md"))) {
                assertThat(Files.readAllBytes(target.resolve(file))).isEqualTo(Files.readAllBytes(RollbackFixture.v1Tree.resolve(file)));
            }
            assertThat(target.resolve("agents/new-in-v2.md")).doesNotExist();
            assertThat(Files.readString(target.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
            assertThat(Files.readString(target.resolve("runtime/sessions.db"))).isEqualTo("user data");
            assertThat(Files.readString(target.resolve("agents/node_modules/x.js"))).isEqualTo("nested unmanaged");

            Path broken = Path.of((String) rollback.get("brokenArchive"));
            assertThat(broken.getFileName().toString()).startsWith("wf-v2.0.0-broken-");
            assertThat(Digests.readSidecar(broken)).isEqualTo(Digests.of(broken));
            assertThat(Files.readString(broken.resolveSibling(broken.getFileName() + ".manifest"))).contains("agents/new-in-v2.md");
            // this rollback's own snapshot: the directory also holds the earlier tests' snapshots
            Path diagnostics = Path.of(given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                    .extract().<String>path("steps.find { it.step == '1.2' }.outputs.diagnostics"));
            assertThat(Files.readString(diagnostics.resolve("version.txt"))).contains("2.0.0");
            assertThat(diagnostics.resolve("logs/workflow.log")).exists();
            assertThat(Files.readString(diagnostics.resolve("file-manifest.txt"))).contains("agents/new-in-v2.md");

            verdict(validation, Verdict.PASSED, List.of());
            VerificationRequested smoke = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && v.stage() == VerificationStage.SMOKE, Duration.ofSeconds(30)));
            assertThat(workflowRunning()).isTrue();

            verdict(smoke, Verdict.PASSED, List.of());
            RollbackCompleted completed = (RollbackCompleted) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof RollbackCompleted, Duration.ofSeconds(30)));
            assertThat(completed.toVersion()).isEqualTo("1.0.0");
            assertThat(completed.brokenArchive()).isEqualTo(broken.toString());
            phases.awaitRecord(r -> r.key().equals(incident.toString()) && decode(r) instanceof StepCompleted c && c.step().equals("4.1"),
                    Duration.ofSeconds(30));
        }
        given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200).body("status", equalTo("COMPLETED"));
        assertThat(Files.list(target.getParent()).filter(p -> p.getFileName().toString().contains("rewind-broken")).count()).isZero();
    }

    @Test
    void a_target_version_the_deployment_does_not_know_fails_before_anything_is_touched() throws Exception {
        Process workflow = RollbackFixture.freshDeployment();
        byte[] before = Files.readAllBytes(RollbackFixture.target.resolve("config.yaml"));
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            authorize(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(), "wf", "2.0.0", "0.0.1-evil",
                    "policy:tier1", "tier 1"));
            StepFailed failed = (StepFailed) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof StepFailed, Duration.ofSeconds(60)));
            assertThat(failed.step()).isEqualTo("1.3");
            assertThat(failed.cause()).contains("target version 0.0.1-evil is neither the deployment's lastGoodVersion");
        }
        assertThat(workflow.isAlive()).as("the workload was never stopped").isTrue();
        assertThat(Files.readAllBytes(RollbackFixture.target.resolve("config.yaml"))).isEqualTo(before);
        workflow.destroy();
    }

    @Test
    void the_broken_tree_is_kept_when_its_archive_no_longer_verifies() throws Exception {
        RollbackFixture.freshDeployment();
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            VerificationRequested validation = authorizeAndAwaitValidation(incident, phases);
            String archive = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                    .extract().path("brokenArchive");
            byte[] bytes = Files.readAllBytes(Path.of(archive));
            bytes[bytes.length / 2] ^= 0x55; // a bad sector, or someone's edit, after 2.2 wrote it
            Files.write(Path.of(archive), bytes);
            verdict(validation, Verdict.PASSED, List.of());
            VerificationRequested smoke = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && v.stage() == VerificationStage.SMOKE, Duration.ofSeconds(30)));
            verdict(smoke, Verdict.PASSED, List.of());
            phases.awaitRecord(r -> r.key().equals(incident.toString()) && decode(r) instanceof StepCompleted c && c.step().equals("4.1"),
                    Duration.ofSeconds(30));
        }
        Map<String, String> kept = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).extract().path("steps.find { it.step == '4.1' }.outputs");
        assertThat(kept).containsEntry("archiveVerified", "false");
        Path brokenTree = RollbackFixture.target.resolveSibling(RollbackFixture.target.getFileName() + ".rewind-broken-"
                + incident.toString().substring(0, 8));
        assertThat(kept.get("brokenTree")).isEqualTo("kept at " + brokenTree);
        assertThat(brokenTree.resolve("config.yaml")).exists();
        dev.rewind.executor.rollback.RestorerAccess.delete(brokenTree);
    }

    @Test
    void a_failure_before_the_swap_starts_the_untouched_version_again_and_the_lead_can_retry() throws Exception {
        Process workflow = RollbackFixture.freshDeployment();
        UUID incident = UUID.randomUUID();
        Instant authorizedAt = Instant.parse("2026-12-02T03:04:05Z");
        // where 2.2 writes the broken version's archive is taken: a full disk or a broken mount fails the same way
        Path blocked = RollbackFixture.backups.resolve("wf-v2.0.0-broken-20261202-030405.tar.gz.partial");
        Files.createDirectories(blocked.resolve("in-the-way"));
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            authorize(new RollbackAuthorized(UUID.randomUUID(), incident, authorizedAt, "wf", "2.0.0", null,
                    "policy:tier1", "tier 1"));
            RollbackFailed failed = (RollbackFailed) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof RollbackFailed, Duration.ofSeconds(60)));
            assertThat(failed.reason()).startsWith("2.2").contains("nothing was swapped and the untouched version was started again");
            assertThat(workflow.isAlive()).as("2.1 stopped the workload").isFalse();
            assertThat(workflowRunning()).as("the untouched version runs again").isTrue();
            assertThat(Files.readString(RollbackFixture.target.resolve("config.yaml"))).contains("2.0.0");

            RestorerAccess.delete(blocked);
            given().auth().oauth2(TestTokens.token("ana", "analyst")).post("/api/v1/rollbacks/" + incident + "/retry").then().statusCode(403);
            given().auth().oauth2(LEAD).post("/api/v1/rollbacks/" + incident + "/retry").then().statusCode(202).body("step", equalTo("2.2"));
            VerificationRequested validation = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested, Duration.ofSeconds(60)));
            assertThat(validation.stage()).isEqualTo(VerificationStage.VALIDATION);
        }
        assertThat(Files.readString(RollbackFixture.target.resolve("config.yaml"))).contains("1.0.0");
        Map<String, Object> rollback = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                .body("status", equalTo("VERIFYING")).extract().as(Map.class);
        List<String> steps = ((List<Map<String, Object>>) rollback.get("steps")).stream().map(step -> (String) step.get("step")).toList();
        assertThat(steps).contains("2.6U", "2.2~1", "retry~1", "2.2", "2.3");
        given().auth().oauth2(LEAD).post("/api/v1/rollbacks/" + incident + "/retry").then().statusCode(409);
        given().auth().oauth2(LEAD).post("/api/v1/rollbacks/" + UUID.randomUUID() + "/retry").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(LEAD).post("/api/v1/rollbacks/not-a-uuid/retry").then().statusCode(404);
        given().auth().oauth2(LEAD).post("/api/v1/rollbacks/" + UUID.randomUUID() + "/revert").then().statusCode(404);
        given().post("/api/v1/rollbacks/" + incident + "/retry").then().statusCode(401);
        endWithFailedValidation(incident);
    }

    @Test
    void when_no_backup_is_valid_the_version_is_exported_from_its_git_tag() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(RollbackFixture.gitAvailable(), "git is not installed");
        RollbackFixture.freshTree(RollbackFixture.gitTarget);
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            authorize(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(), "wfgit", "2.0.0", null,
                    "policy:tier1", "tier 1"));
            phases.awaitRecord(r -> r.key().equals(incident.toString()) && decode(r) instanceof VerificationRequested, Duration.ofSeconds(60));
        }
        endWithFailedValidation(incident);
        String source = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                .extract().path("steps.find { it.step == '1.3' }.outputs.gitFallback");
        assertThat(source).isEqualTo("true");
        assertThat(Files.readAllBytes(RollbackFixture.gitTarget.resolve("agents/dev.md")))
                .isEqualTo(Files.readAllBytes(RollbackFixture.v1Tree.resolve("agents/dev.md")));
        assertThat(Files.readString(RollbackFixture.gitTarget.resolve("config.yaml"))).contains("1.0.0");
    }

    @Test
    void a_failed_validation_does_not_restart_and_the_operator_can_revert() throws Exception {
        RollbackFixture.freshDeployment();
        Path target = RollbackFixture.target;
        WorkflowTrees.write(target.resolve("agents/new-in-v2.md"), "only in the broken version");
        UUID incident = UUID.randomUUID();

        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            VerificationRequested validation = authorizeAndAwaitValidation(incident, phases);
            verdict(validation, Verdict.FAILED, List.of("agent file present: dev.md"));
            RollbackFailed failed = (RollbackFailed) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof RollbackFailed, Duration.ofSeconds(30)));
            assertThat(failed.failedChecks()).containsExactly("agent file present: dev.md");
        }
        assertThat(workflowRunning()).isFalse();
        assertThat(target.resolve("agents/new-in-v2.md")).doesNotExist();

        given().auth().oauth2(TestTokens.token("ana", "analyst")).post("/api/v1/rollbacks/" + incident + "/revert").then().statusCode(403);
        given().auth().oauth2(LEAD).post("/api/v1/rollbacks/" + incident + "/revert").then().statusCode(200);
        assertThat(Files.readString(target.resolve("agents/new-in-v2.md"))).isEqualTo("only in the broken version");
        assertThat(Files.readString(target.resolve("config.yaml"))).contains("2.0.0");
        assertThat(workflowRunning()).as("the revert starts the workload again").isTrue();
        given().auth().oauth2(LEAD).post("/api/v1/rollbacks/" + incident + "/revert").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("already reverted by alice"));
        String actor = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                .extract().path("steps.find { it.step == '2.R' }.outputs.actor");
        assertThat(actor).isEqualTo("alice");
    }
}
