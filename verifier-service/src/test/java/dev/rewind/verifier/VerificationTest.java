package dev.rewind.verifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.events.CheckStatus;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Topics;
import dev.rewind.events.Verdict;
import dev.rewind.events.VerificationEvent.CheckCompleted;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.events.VerificationStage;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.TestTokens;
import dev.rewind.testing.WorkflowTrees;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class VerificationTest {
    static final String LEAD = TestTokens.token("alice", "tech-lead");
    static final CloudEventCodec EXECUTOR = new CloudEventCodec("/rewind/executor-service");
    static Path root;

    @BeforeAll
    static void trees() throws Exception {
        root = Files.createTempDirectory("rewind-verifier-test");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static Path tree(String name) throws Exception {
        return WorkflowTrees.create(root.resolve(name), "1.0.0");
    }

    static io.restassured.response.ValidatableResponse verify(Path tree, String stage) {
        return given().auth().oauth2(LEAD).contentType("application/json")
                .body("{\"deployment\":\"wf\",\"directory\":\"%s\",\"stage\":\"%s\",\"expectedVersion\":\"1.0.0\"}".formatted(tree, stage))
                .post("/api/v1/verifications").then().statusCode(201);
    }

    @Test
    void a_correct_tree_passes_both_stages_with_a_results_document() throws Exception {
        Path good = tree("good");
        verify(good, "VALIDATION").body("verdict", equalTo("PASSED")).body("report", containsString("Overall: PASS"));
        verify(good, "SMOKE").body("verdict", equalTo("PASSED"))
                .body("report", containsString("Step 1 loads): PASS")).body("report", containsString("agent personas load): PASS"));
    }

    @Test
    void each_broken_tree_fails_naming_the_check_and_the_evidence() throws Exception {
        Path brokenYaml = tree("broken-yaml");
        Files.writeString(brokenYaml.resolve("config.yaml"), "version: \"1.0.0\"\npaths: [unclosed\n");
        verify(brokenYaml, "VALIDATION").body("verdict", equalTo("FAILED"))
                .body("results.find { it.check == 'YAML parses: config.yaml' }.detail", containsString("config.yaml:3"));

        Path missingAgent = tree("missing-agent");
        Files.delete(missingAgent.resolve("agents/dev.md"));
        verify(missingAgent, "VALIDATION").body("verdict", equalTo("FAILED"))
                .body("results.find { it.check == 'file present: agents/dev.md' }.status", equalTo("FAILED"));

        Path wrongVersion = WorkflowTrees.create(root.resolve("wrong-version"), "2.0.0");
        verify(wrongVersion, "VALIDATION").body("verdict", equalTo("FAILED"))
                .body("results.find { it.check == 'version in config.yaml' }.found", equalTo("2.0.0"));

        Path unresolved = tree("unresolved");
        Files.writeString(unresolved.resolve("config.yaml"), "version: \"1.0.0\"\npaths:\n  steps: steps\n  knowledge: knowledge-base\n");
        verify(unresolved, "SMOKE").body("verdict", equalTo("FAILED"))
                .body("results.find { it.check == 'config paths resolve: config.yaml' }.detail", containsString("knowledge=knowledge-base"));
    }

    @Test
    void a_symlink_loop_and_a_huge_file_do_not_hang_the_verifier() throws Exception {
        Path hostile = tree("hostile");
        Files.createSymbolicLink(hostile.resolve("steps/loop"), hostile.resolve("steps"));
        try (var file = java.io.RandomAccessFile.class.getConstructor(java.io.File.class, String.class)
                .newInstance(hostile.resolve("agents/huge.md").toFile(), "rw")) {
            file.setLength(50L << 20);
        }
        long start = System.nanoTime();
        verify(hostile, "SMOKE").body("verdict", equalTo("FAILED"))
                .body("results.find { it.check == 'agent personas load' }.detail", containsString("huge.md"));
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
    }

    @Test
    void bad_requests_get_a_problem() {
        given().auth().oauth2(LEAD).contentType("application/json").body("{\"deployment\":\"wf\",\"directory\":\"relative\"}")
                .post("/api/v1/verifications").then().statusCode(400).body("field", equalTo("directory"));
        given().auth().oauth2(TestTokens.token("ana", "analyst")).contentType("application/json")
                .body("{\"deployment\":\"wf\",\"directory\":\"/tmp\"}").post("/api/v1/verifications").then().statusCode(403);
    }

    @Test
    void a_request_on_kafka_gets_one_verdict_with_its_checks_even_when_redelivered() throws Exception {
        Path good = tree("kafka");
        UUID incident = UUID.randomUUID();
        VerificationRequested request = request(incident, UUID.randomUUID(), VerificationStage.VALIDATION, good);
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch verifications = kafka.watch(Topics.VERIFICATIONS)) {
            kafka.send(EXECUTOR.toRecord(request));
            kafka.send(EXECUTOR.toRecord(request));
            var record = verifications.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationCompleted, Duration.ofSeconds(30));
            VerificationCompleted completed = (VerificationCompleted) decode(record);
            assertThat(completed.verdict()).isEqualTo(Verdict.PASSED);
            assertThat(completed.verificationId()).isEqualTo(request.verificationId());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
            List<RewindEvent> mine = verifications.seen().stream().filter(r -> r.key().equals(incident.toString()))
                    .map(VerificationTest::decode).toList();
            assertThat(mine.stream().filter(e -> e instanceof VerificationCompleted)).hasSize(1);
            assertThat(mine.stream().filter(e -> e instanceof CheckCompleted)).hasSize(completed.passed());
        }
    }

    @Test
    void a_verification_asked_for_again_gets_its_recorded_verdict_again_as_the_same_event() throws Exception {
        Path tree = tree("asked-again");
        UUID incident = UUID.randomUUID();
        VerificationRequested request = request(incident, UUID.randomUUID(), VerificationStage.SMOKE, tree);
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch verifications = kafka.watch(Topics.VERIFICATIONS)) {
            kafka.send(EXECUTOR.toRecord(request));
            VerificationCompleted first = (VerificationCompleted) decode(verifications.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationCompleted, Duration.ofSeconds(30)));
            // the tree breaks after the verdict: asking again must not judge it again, only repeat what was judged
            Files.delete(tree.resolve("agents/dev.md"));
            kafka.send(EXECUTOR.toRecord(request(incident, request.verificationId(), VerificationStage.SMOKE, tree)));
            await().atMost(Duration.ofSeconds(30)).until(() -> verifications.seen().stream()
                    .filter(r -> r.key().equals(incident.toString())).map(VerificationTest::decode)
                    .filter(e -> e instanceof VerificationCompleted).count() == 2);
            List<RewindEvent> mine = verifications.seen().stream().filter(r -> r.key().equals(incident.toString()))
                    .map(VerificationTest::decode).toList();
            List<VerificationCompleted> verdicts = mine.stream().filter(e -> e instanceof VerificationCompleted)
                    .map(VerificationCompleted.class::cast).toList();
            assertThat(verdicts).extracting(VerificationCompleted::eventId).containsOnly(first.eventId());
            assertThat(verdicts).extracting(VerificationCompleted::verdict).containsOnly(Verdict.PASSED);
            assertThat(mine.stream().filter(e -> e instanceof CheckCompleted)).as("the checks are not run again").hasSize(first.passed());
        }
    }

    @Test
    void a_request_repeating_a_judged_verification_under_another_incident_only_repeats_the_recorded_verdict() throws Exception {
        Path tree = tree("asked-again-elsewhere");
        UUID incident = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        VerificationRequested request = request(incident, UUID.randomUUID(), VerificationStage.SMOKE, tree);
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch verifications = kafka.watch(Topics.VERIFICATIONS)) {
            kafka.send(EXECUTOR.toRecord(request));
            verifications.awaitRecord(r -> r.key().equals(incident.toString()) && decode(r) instanceof VerificationCompleted, Duration.ofSeconds(30));
            // same verification id, another incident, another directory: nothing of it is believed
            kafka.send(EXECUTOR.toRecord(new VerificationRequested(UUID.randomUUID(), stranger, Instant.now(), request.verificationId(),
                    VerificationStage.VALIDATION, "other", "/etc", "9.9.9")));
            await().atMost(Duration.ofSeconds(30)).until(() -> verifications.seen().stream()
                    .filter(r -> r.key().equals(incident.toString())).map(VerificationTest::decode)
                    .filter(e -> e instanceof VerificationCompleted).count() == 2);
            assertThat(verifications.seen().stream().filter(r -> r.key().equals(stranger.toString()))).as("nothing for the other incident").isEmpty();
            List<VerificationCompleted> verdicts = verifications.seen().stream().filter(r -> r.key().equals(incident.toString()))
                    .map(VerificationTest::decode).filter(e -> e instanceof VerificationCompleted).map(VerificationCompleted.class::cast).toList();
            assertThat(verdicts).extracting(VerificationCompleted::stage).containsOnly(VerificationStage.SMOKE);
            assertThat(verdicts).extracting(VerificationCompleted::verdict).containsOnly(Verdict.PASSED);
        }
    }

    @Test
    void a_check_whose_output_is_longer_than_an_event_allows_still_gets_its_verdict_published_once() throws Exception {
        Path verbose = WorkflowTrees.create(root.resolve("verbose"), "9".repeat(20_000));
        UUID incident = UUID.randomUUID();
        VerificationRequested request = request(incident, UUID.randomUUID(), VerificationStage.VALIDATION, verbose);
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch verifications = kafka.watch(Topics.VERIFICATIONS)) {
            kafka.send(EXECUTOR.toRecord(request));
            var record = verifications.awaitRecord(r -> r.key().equals(incident.toString())
                    && decode(r) instanceof VerificationCompleted, Duration.ofSeconds(30));
            assertThat(((VerificationCompleted) decode(record)).verdict()).isEqualTo(Verdict.FAILED);
            CheckCompleted version = verifications.seen().stream().filter(r -> r.key().equals(incident.toString()))
                    .map(VerificationTest::decode).filter(e -> e instanceof CheckCompleted c && c.status() == CheckStatus.FAILED)
                    .map(CheckCompleted.class::cast).filter(c -> c.found() != null && c.found().startsWith("999")).findFirst().orElseThrow();
            assertThat(version.found()).hasSizeLessThanOrEqualTo(dev.rewind.events.Require.MAX_TEXT).endsWith("more characters cut]");
        }
    }

    /** The executor's request, a new event each call, for verification {@code verificationId} of deployment wf's tree. */
    static VerificationRequested request(UUID incident, UUID verificationId, VerificationStage stage, Path tree) {
        return new VerificationRequested(UUID.randomUUID(), incident, Instant.now(), verificationId, stage, "wf", tree.toString(), "1.0.0");
    }

    static RewindEvent decode(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        return CloudEventCodec.decode(record.headers(), record.value()).event();
    }
}
