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

    /** The v1 backup's files, none of the broken version's, and the live tree's unmanaged part as it was. */
    static void assertRestoredV1(Path tree) throws java.io.IOException {
        for (Path file : List.of(Path.of("config.yaml"), Path.of("agents/dev.md"), Path.of("steps/0-scoping/step-01-business-analyst.md"),
                Path.of("workflow.md"), Path.of("templates/report.md"))) {
            assertThat(Files.readAllBytes(tree.resolve(file))).as(file.toString()).isEqualTo(Files.readAllBytes(RollbackFixture.v1Tree.resolve(file)));
        }
        assertThat(tree.resolve("agents/new-in-v2.md")).doesNotExist();
        assertThat(Files.readString(tree.resolve(".git/HEAD"))).isEqualTo("ref: refs/heads/main\n");
        assertThat(Files.readString(tree.resolve("runtime/sessions.db"))).isEqualTo("user data");
        assertThat(Files.readString(tree.resolve("agents/node_modules/x.js"))).isEqualTo("nested unmanaged");
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> stepOutputs(Map<String, Object> rollback, String step) {
        return ((List<Map<String, Object>>) rollback.get("steps")).stream().filter(s -> step.equals(s.get("step")))
                .map(s -> (Map<String, String>) s.get("outputs")).findFirst().orElseThrow(() -> new AssertionError("no step " + step));
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
            // validation reads the staged tree beside the target; the target is untouched until it passes
            Path staged = target.resolveSibling("wf.rewind-staging-" + incident.toString().substring(0, 8));
            assertThat(validation.targetDirectory()).isEqualTo(staged.toString());
            assertThat(Files.readString(target.resolve("agents/new-in-v2.md"))).isEqualTo("only in the broken version");

            // the broken version still serves while the staged tree is validated; the newest backup was corrupt and
            // skipped; the staged tree is exact
            assertThat(workflow.isAlive()).as("nothing is stopped before the staging is valid").isTrue();
            Map<String, Object> rollback = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then()
                    .statusCode(200).body("status", equalTo("VERIFYING")).extract().as(Map.class);
            assertThat((String) rollback.get("sourceArchive")).endsWith("wf-v1.0.0-backup-20261101.tar.gz");
            assertThat(rollback.get("brokenArchive")).as("the broken version is archived after the restart").isNull();
            assertRestoredV1(staged);
            // this rollback's own snapshot: the directory also holds the earlier tests' snapshots
            Path diagnostics = Path.of(given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                    .extract().<String>path("steps.find { it.step == '1.2' }.outputs.diagnostics"));
            assertThat(Files.readString(diagnostics.resolve("version.txt"))).contains("2.0.0");
            assertThat(diagnostics.resolve("logs/workflow.log")).exists();
            assertThat(Files.readString(diagnostics.resolve("file-manifest.txt"))).contains("agents/new-in-v2.md");

            verdict(validation, Verdict.PASSED, List.of());
            VerificationRequested smoke = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && v.stage() == VerificationStage.SMOKE, Duration.ofSeconds(30)));
            assertThat(smoke.targetDirectory()).isEqualTo(target.toString());
            assertThat(workflow.isAlive()).as("2.1 stopped the broken version for the swap").isFalse();
            assertRestoredV1(target);
            assertThat(staged).doesNotExist();
            assertThat(workflowRunning()).isTrue();

            // while the smoke test runs, 2.2 archives the broken tree the swap set aside
            StepCompleted archived = (StepCompleted) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof StepCompleted c && c.step().equals("2.2"), Duration.ofSeconds(30)));
            Path broken = Path.of(archived.outputs().get("archive"));
            assertThat(broken.getFileName().toString()).startsWith("wf-v2.0.0-broken-");
            assertThat(Digests.readSidecar(broken)).isEqualTo(Digests.of(broken));
            assertThat(Files.readString(broken.resolveSibling(broken.getFileName() + ".manifest"))).contains("agents/new-in-v2.md");
            Map<String, Object> swapped = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                    .extract().as(Map.class);
            assertThat(stepOutputs(swapped, "2.4S")).containsEntry("swap", "exchange");
            assertThat(Long.parseLong(stepOutputs(swapped, "2.6").get("downtimeMs"))).as("stop requested to the restored workload running")
                    .isBetween(0L, 30_000L);

            verdict(smoke, Verdict.PASSED, List.of());
            RollbackCompleted completed = (RollbackCompleted) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof RollbackCompleted, Duration.ofSeconds(30)));
            assertThat(completed.toVersion()).isEqualTo("1.0.0");
            assertThat(completed.brokenArchive()).isEqualTo(broken.toString());
            phases.awaitRecord(r -> r.key().equals(incident.toString()) && decode(r) instanceof StepCompleted c && c.step().equals("4.1"),
                    Duration.ofSeconds(30));
            // 4.2's evidence: the differences and the error lines of the logs 1.2 copied (no git repository here)
            StepCompleted evidence = (StepCompleted) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof StepCompleted c && c.step().equals("4.2"), Duration.ofSeconds(30)));
            assertThat(evidence.outputs()).containsEntry("errorLines", "1").containsEntry("firstErrors", "workflow.log:1: ERROR step-03 failed")
                    .containsKey("differences").doesNotContainKey("changes");
            assertThat(Files.readString(diagnostics.resolve("errors.txt"))).contains("workflow.log:1: ERROR step-03 failed");
            // the checklist's "no critical errors in logs": the broken version's ERROR line predates the restart
            StepCompleted logCheck = (StepCompleted) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof StepCompleted c && c.step().equals("3.L"), Duration.ofSeconds(30)));
            assertThat(logCheck.outputs()).containsEntry("errorLines", "0").containsEntry("logsChecked", "1");
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
    void what_the_workload_writes_as_it_stops_after_staging_is_in_the_restored_tree_byte_for_byte() throws Exception {
        Path tree = RollbackFixture.root.resolve("srv/wfdata");
        RollbackFixture.freshTree(tree);
        Files.writeString(tree.resolve("runtime/lock"), "pid 42");
        Files.writeString(tree.resolve("runtime/state.json"), "{\"sessions\":1}");
        Files.writeString(tree.resolve("runtime/state.new"), "{\"sessions\":2}");
        Process workload = new ProcessBuilder("sh", "-c", RollbackFixture.dataWorkload()).directory(tree.toFile()).start();
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            authorize(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(), "wfdata", "2.0.0", null, "policy:tier1", "tier 1"));
            VerificationRequested validation = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested, Duration.ofSeconds(60)));
            assertThat(workload.isAlive()).as("staged while the workload runs").isTrue();
            assertThat(Path.of(validation.targetDirectory()).resolve("runtime/lock")).as("linked in while running").exists();
            verdict(validation, Verdict.PASSED, List.of());
            VerificationRequested smoke = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && v.stage() == VerificationStage.SMOKE, Duration.ofSeconds(30)));
            assertThat(workload.isAlive()).isFalse();
            assertThat(tree.resolve("runtime/at-stop.txt")).as("created as it stopped").hasContent("written at stop");
            assertThat(tree.resolve("runtime/state.json")).as("replaced as it stopped").hasContent("{\"sessions\":2}");
            assertThat(tree.resolve("runtime/lock")).as("removed as it stopped").doesNotExist();
            assertThat(tree.resolve("runtime/sessions.db")).hasContent("user data");
            assertThat(Files.readString(tree.resolve("config.yaml"))).contains("1.0.0");
            Map<String, Object> rollback = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                    .extract().as(Map.class);
            assertThat(stepOutputs(rollback, "2.4S")).containsEntry("unmanagedAdded", "1").containsEntry("unmanagedReplaced", "1")
                    .containsEntry("unmanagedRemoved", "2");
            verdict(smoke, Verdict.PASSED, List.of());
            phases.awaitRecord(r -> r.key().equals(incident.toString()) && decode(r) instanceof RollbackCompleted, Duration.ofSeconds(30));
        }
    }

    @Test
    void the_broken_tree_is_kept_when_its_archive_no_longer_verifies() throws Exception {
        RollbackFixture.freshDeployment();
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            VerificationRequested validation = authorizeAndAwaitValidation(incident, phases);
            verdict(validation, Verdict.PASSED, List.of());
            VerificationRequested smoke = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && v.stage() == VerificationStage.SMOKE, Duration.ofSeconds(30)));
            String archive = ((StepCompleted) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof StepCompleted c && c.step().equals("2.2"), Duration.ofSeconds(30)))).outputs().get("archive");
            byte[] bytes = Files.readAllBytes(Path.of(archive));
            bytes[bytes.length / 2] ^= 0x55; // a bad sector, or someone's edit, after 2.2 wrote it
            Files.write(Path.of(archive), bytes);
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
        // where 2.4S writes its intent before the exchange is taken: a full disk or a broken mount fails the same way
        Path blocked = RollbackFixture.target.resolveSibling("wf.rewind-swap-" + incident.toString().substring(0, 8));
        Files.createDirectories(blocked.resolve("in-the-way"));
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            VerificationRequested first = authorizeAndAwaitValidation(incident, phases);
            verdict(first, Verdict.PASSED, List.of());
            RollbackFailed failed = (RollbackFailed) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof RollbackFailed, Duration.ofSeconds(60)));
            assertThat(failed.reason()).startsWith("2.4S").contains("nothing was swapped and the untouched version was started again");
            assertThat(workflow.isAlive()).as("2.1 stopped the workload").isFalse();
            assertThat(workflowRunning()).as("the untouched version runs again").isTrue();
            assertThat(Files.readString(RollbackFixture.target.resolve("config.yaml"))).contains("2.0.0");

            RestorerAccess.delete(blocked);
            given().auth().oauth2(TestTokens.token("ana", "analyst")).post("/api/v1/rollbacks/" + incident + "/retry").then().statusCode(403);
            given().auth().oauth2(LEAD).post("/api/v1/rollbacks/" + incident + "/retry").then().statusCode(202).body("step", equalTo("2.4S"));
            VerificationRequested validation = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && !v.verificationId().equals(first.verificationId()), Duration.ofSeconds(60)));
            assertThat(validation.stage()).isEqualTo(VerificationStage.VALIDATION);
        }
        assertThat(workflowRunning()).as("the retry stages and validates again while the untouched version runs").isTrue();
        assertThat(Files.readString(RollbackFixture.target.resolve("config.yaml"))).contains("2.0.0");
        Map<String, Object> rollback = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                .body("status", equalTo("VERIFYING")).extract().as(Map.class);
        List<String> steps = ((List<Map<String, Object>>) rollback.get("steps")).stream().map(step -> (String) step.get("step")).toList();
        assertThat(steps).contains("2.1~1", "2.6U~1", "2.4S~1", "2.3~1", "2.4~1", "retry~1", "1.3", "2.3").doesNotContain("2.1", "2.4S");
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
        Path staged;
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            authorize(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(), "wfgit", "2.0.0", null,
                    "policy:tier1", "tier 1"));
            VerificationRequested validation = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested, Duration.ofSeconds(60)));
            staged = Path.of(validation.targetDirectory());
        }
        String source = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                .extract().path("steps.find { it.step == '1.3' }.outputs.gitFallback");
        assertThat(source).isEqualTo("true");
        assertThat(Files.readAllBytes(staged.resolve("agents/dev.md"))).isEqualTo(Files.readAllBytes(RollbackFixture.v1Tree.resolve("agents/dev.md")));
        assertThat(Files.readString(staged.resolve("config.yaml"))).contains("1.0.0");
        endWithFailedValidation(incident);
    }

    @Test
    void a_staged_source_that_fails_validation_is_never_put_in_place_and_the_next_source_completes_the_rollback() throws Exception {
        RollbackFixture.freshDeployment();
        Path target = RollbackFixture.target;
        // the newest backup passes every check of 1.3 (a whole archive, the critical files) but is not a good version
        Path crafted = RollbackFixture.backups.resolve("wf-v1.0.0-backup-20261130.tar.gz");
        Path craftedTree = WorkflowTrees.create(RollbackFixture.root.resolve("crafted-source"), "6.6.6");
        RollbackFixture.writeBackup(craftedTree, crafted);
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            VerificationRequested first = authorizeAndAwaitValidation(incident, phases);
            Path staged = Path.of(first.targetDirectory());
            assertThat(Files.readString(staged.resolve("config.yaml"))).contains("6.6.6");
            verdict(first, Verdict.FAILED, List.of("version file: config.yaml version is 6.6.6, expected 1.0.0"));

            VerificationRequested second = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && !v.verificationId().equals(first.verificationId()), Duration.ofSeconds(60)));
            assertThat(second.stage()).isEqualTo(VerificationStage.VALIDATION);
            assertThat(Files.readString(target.resolve("config.yaml"))).as("nothing was put in place").contains("2.0.0");
            assertThat(workflowRunning()).as("the broken version keeps serving while the next source is tried").isTrue();
            assertRestoredV1(Path.of(second.targetDirectory()));
            verdict(second, Verdict.PASSED, List.of());

            VerificationRequested smoke = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && v.stage() == VerificationStage.SMOKE, Duration.ofSeconds(30)));
            verdict(smoke, Verdict.PASSED, List.of());
            phases.awaitRecord(r -> r.key().equals(incident.toString()) && decode(r) instanceof RollbackCompleted, Duration.ofSeconds(30));
            assertThat(phases.seen().stream().filter(r -> r.key().equals(incident.toString())).map(r -> decode(r))
                    .filter(e -> e instanceof dev.rewind.events.PhaseEvent.PhaseCompleted p && p.phase() == 1))
                    .as("phase 1 is announced complete once, though 1.3 ran again for the next source").hasSize(1);
        } finally {
            Files.deleteIfExists(crafted);
        }
        assertRestoredV1(target);
        Map<String, Object> rollback = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).extract().as(Map.class);
        assertThat((String) rollback.get("sourceArchive")).endsWith("wf-v1.0.0-backup-20261101.tar.gz");
        Map<String, String> rejected = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then()
                .extract().path("steps.find { it.step == '2.4~1' }.outputs");
        assertThat(rejected.get("source")).isEqualTo(crafted.toString());
        assertThat(rejected.get("cause")).contains("6.6.6");
    }

    @Test
    void when_the_only_source_fails_validation_the_broken_version_keeps_running_untouched() throws Exception {
        Process workflow = RollbackFixture.freshDeployment();
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            VerificationRequested validation = authorizeAndAwaitValidation(incident, phases);
            verdict(validation, Verdict.FAILED, List.of("agent file present: dev.md"));
            RollbackFailed failed = (RollbackFailed) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof RollbackFailed, Duration.ofSeconds(60)));
            assertThat(failed.reason()).startsWith("1.3").contains("failed validation earlier")
                    .contains("the workload was never stopped: the broken version keeps running, untouched");
        }
        assertThat(workflow.isAlive()).as("the broken version was never stopped").isTrue();
        assertThat(Files.readString(RollbackFixture.target.resolve("config.yaml"))).contains("2.0.0");
        assertThat(RollbackFixture.target.resolveSibling("wf.rewind-staging-" + incident.toString().substring(0, 8))).doesNotExist();
        given().auth().oauth2(LEAD).post("/api/v1/rollbacks/" + incident + "/revert").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("nothing was put in place"));
    }

    @Test
    void another_attempt_waits_for_the_broken_version_in_place_and_then_runs_afresh_with_the_failed_one_kept_aside() throws Exception {
        RollbackFixture.freshDeployment();
        Path target = RollbackFixture.target;
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            VerificationRequested validation = authorizeAndFailTheSmokeTest(incident, phases).validation();

            // the restored version of attempt 1 is in place: attempt 2 would archive it as "broken"; it fails, saying why
            authorize(attempt(incident, 2));
            RollbackFailed refused = (RollbackFailed) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof RollbackFailed f && f.reason().startsWith("attempt 2"), Duration.ofSeconds(30)));
            assertThat(refused.reason()).contains("was not started", "restored version of the failed attempt is in place",
                    "/api/v1/rollbacks/" + incident + "/revert");
            given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().body("attempt", equalTo(1))
                    .body("status", equalTo("FAILED"));

            given().auth().oauth2(LEAD).post("/api/v1/rollbacks/" + incident + "/revert").then().statusCode(200);
            assertThat(Files.readString(target.resolve("config.yaml"))).contains("2.0.0");
            authorize(attempt(incident, 3));
            VerificationRequested again = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && !v.verificationId().equals(validation.verificationId())
                    && v.stage() == VerificationStage.VALIDATION, Duration.ofSeconds(60)));
            assertThat(again.verificationId()).isNotEqualTo(validation.verificationId());
        }
        Map<String, Object> rollback = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                .body("attempt", equalTo(3)).body("status", equalTo("VERIFYING")).body("failure", org.hamcrest.Matchers.nullValue())
                .extract().as(Map.class);
        List<String> steps = ((List<Map<String, Object>>) rollback.get("steps")).stream().map(step -> (String) step.get("step")).toList();
        assertThat(steps).contains("1.2", "1.3", "2.3").doesNotContain("2.R", "2.1", "2.4S", "3.1", "2.2");
        List<String> earlier = ((List<Map<String, Object>>) rollback.get("earlierAttempts")).stream().map(step -> (String) step.get("step")).toList();
        assertThat(earlier).contains("1.2@1", "2.4S@1", "3.1@1", "2.R@1");
        assertThat(stepOutputs(rollback, "1.2").get("diagnostics")).as("attempt 3 keeps its evidence under its own name").contains("-attempt3");

        authorize(attempt(incident, 2)); // late, or replayed: an attempt older than the one that runs changes nothing
        given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().body("attempt", equalTo(3));
        endWithFailedValidation(incident);
    }

    record SmokeTestFailed(VerificationRequested validation, RollbackFailed failed) {
    }

    /** A rollback whose validation passes and whose smoke test fails "step 1 loads": the restored version stays in place. */
    static SmokeTestFailed authorizeAndFailTheSmokeTest(UUID incident, KafkaTestClient.Watch phases) {
        VerificationRequested validation = authorizeAndAwaitValidation(incident, phases);
        verdict(validation, Verdict.PASSED, List.of());
        VerificationRequested smoke = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                && decode(r) instanceof VerificationRequested v && v.stage() == VerificationStage.SMOKE, Duration.ofSeconds(30)));
        verdict(smoke, Verdict.FAILED, List.of("step 1 loads"));
        return new SmokeTestFailed(validation, (RollbackFailed) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                && decode(r) instanceof RollbackFailed, Duration.ofSeconds(30))));
    }

    private static RollbackAuthorized attempt(UUID incident, int attempt) {
        return new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(), "wf", "2.0.0", null, "alice", "attempt " + attempt,
                null, attempt);
    }

    @Test
    void a_failed_smoke_test_leaves_the_restored_version_and_the_operator_can_revert() throws Exception {
        RollbackFixture.freshDeployment();
        Path target = RollbackFixture.target;
        WorkflowTrees.write(target.resolve("agents/new-in-v2.md"), "only in the broken version");
        UUID incident = UUID.randomUUID();

        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            RollbackFailed failed = authorizeAndFailTheSmokeTest(incident, phases).failed();
            assertThat(failed.failedChecks()).containsExactly("step 1 loads");
            assertThat(failed.reason()).contains("retry or revert");
        }
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

    @Test
    void without_room_for_the_broken_versions_archive_1_3_refuses_before_anything_is_stopped() throws Exception {
        Path backups = RollbackFixture.root.resolve("tight-backups");
        org.junit.jupiter.api.Assumptions.assumeTrue(RollbackFixture.mountSmallFileSystem(backups, "1m"), "mount is not allowed here");
        try {
            Path tree = RollbackFixture.root.resolve("srv/wftight");
            RollbackFixture.freshTree(tree);
            RollbackFixture.writeBackup(RollbackFixture.v1Tree, backups.resolve("wftight-v1.0.0-backup-1.tar.gz"));
            byte[] before = Files.readAllBytes(tree.resolve("config.yaml"));
            UUID incident = UUID.randomUUID();
            try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
                authorize(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(), "wftight", "2.0.0", null, "policy:tier1", "tier 1"));
                RollbackFailed failed = (RollbackFailed) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                        && decode(r) instanceof RollbackFailed, Duration.ofSeconds(60)));
                assertThat(failed.reason()).startsWith("1.3").contains("2.2's archive").contains("needs").contains("MB to spare")
                        .contains(backups.toString()).contains("the workload was never stopped");
            }
            assertThat(Files.readAllBytes(tree.resolve("config.yaml"))).isEqualTo(before);
            try (var left = Files.list(backups)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no archive of the broken version, not even a partial one")
                        .noneMatch(name -> name.contains("broken")).contains("wftight-v1.0.0-backup-1.tar.gz");
            }
        } finally {
            RollbackFixture.unmount(backups);
        }
    }

    @Test
    void a_target_that_is_a_mount_point_is_refused_at_1_3_before_anything_is_stopped() throws Exception {
        Path tree = RollbackFixture.root.resolve("srv/wfmount");
        org.junit.jupiter.api.Assumptions.assumeTrue(RollbackFixture.mountSmallFileSystem(tree, "4m"), "mount is not allowed here");
        try {
            WorkflowTrees.create(tree, "2.0.0");
            UUID incident = UUID.randomUUID();
            try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
                authorize(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(), "wfmount", "2.0.0", null, "policy:tier1", "tier 1"));
                StepFailed failed = (StepFailed) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                        && decode(r) instanceof StepFailed, Duration.ofSeconds(60)));
                assertThat(failed.step()).isEqualTo("1.3");
                assertThat(failed.cause()).contains("is a mount point").contains("the target is untouched");
            }
            assertThat(Files.readString(tree.resolve("config.yaml"))).contains("2.0.0");
        } finally {
            RollbackFixture.unmount(tree);
        }
    }

    @Test
    void every_hostile_archive_as_the_newest_backup_is_skipped_and_the_rollback_completes_from_the_older_good_one() throws Exception {
        Path backups = Files.createDirectories(RollbackFixture.root.resolve("corpus-backups"));
        Path target = RollbackFixture.root.resolve("srv/wfcorpus");
        RollbackFixture.freshTree(target);
        Path canary = Files.createDirectories(RollbackFixture.root.resolve("srv/canary"));
        Path good = backups.resolve("wfcorpus-v1.0.0-backup-00-good.tar.gz");
        RollbackFixture.writeBackup(RollbackFixture.v1Tree, good);
        Files.setLastModifiedTime(good, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(7200)));
        List<String> hostile = new java.util.ArrayList<>();
        int n = 0;
        for (Map.Entry<String, dev.rewind.executor.archive.Tars.EntryWriter> entry : dev.rewind.executor.archive.HostileArchivesTest.corpus().entrySet()) {
            // newer than the good one, and holding the critical files: only what is hostile in it can refuse it
            Path archive = dev.rewind.executor.archive.Tars.write(backups.resolve("wfcorpus-v1.0.0-backup-" + (10 + n) + ".tar.gz"), tar -> {
                entry.getValue().write(tar);
                for (String critical : List.of("workflow.md", "agents/zz-dev.md", "steps/zz-step.md", "config.yaml")) {
                    dev.rewind.executor.archive.Tars.file(tar, critical, "version: \"1.0.0\"\n");
                }
            });
            Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3600 - n++)));
            hostile.add(archive.getFileName().toString());
        }
        byte[] gitHead = Files.readAllBytes(target.resolve(".git/HEAD"));
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            authorize(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(), "wfcorpus", "2.0.0", null, "policy:tier1", "tier 1"));
            VerificationRequested validation = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested, Duration.ofSeconds(60)));
            Map<String, String> selected = given().auth().oauth2(LEAD).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                    .extract().path("steps.find { it.step == '1.3' }.outputs");
            assertThat(selected.get("source")).isEqualTo(good.toString());
            assertThat(selected.get("rejected")).contains(hostile);
            assertThat(Files.readString(target.resolve("config.yaml"))).as("nothing touched before a good source").contains("2.0.0");
            verdict(validation, Verdict.PASSED, List.of());
            VerificationRequested smoke = (VerificationRequested) decode(phases.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationRequested v && v.stage() == VerificationStage.SMOKE, Duration.ofSeconds(30)));
            verdict(smoke, Verdict.PASSED, List.of());
            phases.awaitRecord(r -> r.key().equals(incident.toString()) && decode(r) instanceof RollbackCompleted, Duration.ofSeconds(30));
        }
        assertRestoredV1(target);
        assertThat(Files.readAllBytes(target.resolve(".git/HEAD"))).isEqualTo(gitHead);
        try (var inCanary = Files.list(canary)) {
            assertThat(inCanary).as("nothing escaped into the directory beside staging").isEmpty();
        }
    }
}
