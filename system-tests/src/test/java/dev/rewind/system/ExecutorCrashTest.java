package dev.rewind.system;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.ServiceProcess;
import dev.rewind.testing.TestTokens;
import dev.rewind.testing.WorkflowTrees;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of executor-service while it archives the broken version (2.2, after the restart), while it stages the
 * good one (2.3, before the stop) — trees big enough to take seconds — and right after each step, in the order the
 * executor runs them (staging and validation, stop, swap, restart, smoke test, archive), then a restart: the
 * rollback resumes from its persisted steps, the stop is not repeated, the target is at every moment one whole
 * version, and the end state is exactly the restored version with one valid archive of the broken one.
 * PostgreSQL restarted inside a rollback, and two executor instances at once, end the same way.
 */
class ExecutorCrashTest {
    static final String ANALYST = TestTokens.token("ana", "analyst");
    static final String DEPLOYMENT = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    /** Its backup is the big one: the restore takes seconds. */
    static final String RESTORE_DEPLOYMENT = "crash-restore-" + UUID.randomUUID().toString().substring(0, 8);
    /** Rolled back by two executor instances at once. */
    static final String TWIN_DEPLOYMENT = "twin-" + UUID.randomUUID().toString().substring(0, 8);
    /** Rolled back while PostgreSQL restarts. */
    static final String OUTAGE_DEPLOYMENT = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    /** Rolled back while its broker is down for 20 s. */
    static final String BROKER_OUTAGE_DEPLOYMENT = "broker-outage-" + UUID.randomUUID().toString().substring(0, 8);
    /** Its executor holds between 2.4S's exchange and its set-aside until it is killed. */
    static final String HOLD_SWAP_DEPLOYMENT = "hold-swap-" + UUID.randomUUID().toString().substring(0, 8);
    /** Its backup passes validation and fails the smoke test; the revert's executor holds between its renames. */
    static final String HOLD_REVERT_DEPLOYMENT = "hold-revert-" + UUID.randomUUID().toString().substring(0, 8);
    static final int BLOBS = 160;
    /** After each of these steps completes, the executor is killed (or PostgreSQL restarted) while the next one runs. */
    /** No backup at first: attempt 1 fails at 1.3 with nothing touched; attempt 2 finds one. */
    static final String ATTEMPT_DEPLOYMENT = "attempt-" + UUID.randomUUID().toString().substring(0, 8);
    /** Its validation verdict is lost on its way to the executor. */
    static final String LOST_VERDICT_DEPLOYMENT = "lost-verdict-" + UUID.randomUUID().toString().substring(0, 8);
    /** Its executor holds just after rollback.completed, before 3.L, 4.2 and 4.1, until it is killed. */
    static final String HOLD_CONCLUDE_DEPLOYMENT = "hold-conclude-" + UUID.randomUUID().toString().substring(0, 8);
    static final List<String> BOUNDARIES = List.of("1.2", "1.3", "2.3", "2.4", "2.1", "2.4S", "2.6", "3.1", "2.2");
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    static String atBoundary(String kind, String step) {
        return kind + "-" + RUN + "-" + step.replace(".", "").toLowerCase(java.util.Locale.ROOT);
    }
    static Path root;
    static Path v1;
    static ServiceProcess verifier;

    @BeforeAll
    static void start() throws Exception {
        if (!LocalInfra.brokerAnswers(LocalInfra.BOOTSTRAP, Duration.ofSeconds(10))) {
            throw new IllegalStateException("start the broker first: ./rewind infra (./rewind test does it)");
        }
        root = Files.createTempDirectory("rewind-crash");
        v1 = WorkflowTrees.create(root.resolve("v1"), "1.0.0");
        Files.createDirectories(root.resolve("backups"));
        Process tar = new ProcessBuilder("tar", "-C", v1.toString(), "-czf",
                root.resolve("backups/" + DEPLOYMENT + "-v1.0.0-backup-1.tar.gz").toString(),
                "agents", "steps", "templates", "checklists", "DEPLOYMENT", "config.yaml", "workflow.md", "README.md").start();
        assertThat(tar.waitFor()).isZero();
        writeBlobs(WorkflowTrees.create(root.resolve("srv/" + DEPLOYMENT), "2.0.0"));

        Path bigV1 = writeBlobs(WorkflowTrees.create(root.resolve("v1-big"), "1.0.0"));
        tar = new ProcessBuilder("tar", "-C", bigV1.toString(), "-czf",
                root.resolve("backups/" + RESTORE_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz").toString(),
                "agents", "steps", "templates", "checklists", "DEPLOYMENT", "config.yaml", "workflow.md", "README.md").start();
        assertThat(tar.waitFor()).isZero();
        WorkflowTrees.create(root.resolve("srv/" + RESTORE_DEPLOYMENT), "2.0.0");
        Files.copy(root.resolve("backups/" + DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"),
                root.resolve("backups/" + TWIN_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"));
        writeBlobs(WorkflowTrees.create(root.resolve("srv/" + TWIN_DEPLOYMENT), "2.0.0"));
        Files.copy(root.resolve("backups/" + DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"),
                root.resolve("backups/" + OUTAGE_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"));
        writeBlobs(WorkflowTrees.create(root.resolve("srv/" + OUTAGE_DEPLOYMENT), "2.0.0"));
        // the big backup: its staging (2.3) takes seconds, the broker goes away meanwhile
        Files.copy(root.resolve("backups/" + RESTORE_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"),
                root.resolve("backups/" + BROKER_OUTAGE_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"));
        writeBlobs(WorkflowTrees.create(root.resolve("srv/" + BROKER_OUTAGE_DEPLOYMENT), "2.0.0"));
        Files.copy(root.resolve("backups/" + DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"),
                root.resolve("backups/" + HOLD_SWAP_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"));
        WorkflowTrees.create(root.resolve("srv/" + HOLD_SWAP_DEPLOYMENT), "2.0.0");
        Files.copy(root.resolve("backups/" + DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"),
                root.resolve("backups/" + HOLD_CONCLUDE_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"));
        WorkflowTrees.create(root.resolve("srv/" + HOLD_CONCLUDE_DEPLOYMENT), "2.0.0");
        Files.copy(root.resolve("backups/" + DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"),
                root.resolve("backups/" + LOST_VERDICT_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"));
        WorkflowTrees.create(root.resolve("srv/" + LOST_VERDICT_DEPLOYMENT), "2.0.0");
        Path smokeFails = WorkflowTrees.create(root.resolve("v1-smoke-fails"), "1.0.0");
        Files.writeString(smokeFails.resolve("config.yaml"), "version: \"1.0.0\"\npaths:\n  steps: steps\n  gone: not-in-this-version\n");
        tar = new ProcessBuilder("tar", "-C", smokeFails.toString(), "-czf",
                root.resolve("backups/" + HOLD_REVERT_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz").toString(),
                "agents", "steps", "templates", "checklists", "DEPLOYMENT", "config.yaml", "workflow.md", "README.md").start();
        assertThat(tar.waitFor()).isZero();
        WorkflowTrees.create(root.resolve("srv/" + HOLD_REVERT_DEPLOYMENT), "2.0.0");
        WorkflowTrees.create(root.resolve("srv/" + ATTEMPT_DEPLOYMENT), "2.0.0");
        List<String> names = new java.util.ArrayList<>(List.of(DEPLOYMENT, RESTORE_DEPLOYMENT, TWIN_DEPLOYMENT, OUTAGE_DEPLOYMENT,
                BROKER_OUTAGE_DEPLOYMENT, HOLD_SWAP_DEPLOYMENT, HOLD_REVERT_DEPLOYMENT, ATTEMPT_DEPLOYMENT, HOLD_CONCLUDE_DEPLOYMENT,
                LOST_VERDICT_DEPLOYMENT));
        for (String step : BOUNDARIES) {
            for (String kind : List.of("kill", "pg")) {
                String name = atBoundary(kind, step);
                Files.copy(root.resolve("backups/" + DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"), root.resolve("backups/" + name + "-v1.0.0-backup-1.tar.gz"));
                WorkflowTrees.create(root.resolve("srv/" + name), "2.0.0");
                names.add(name);
            }
        }
        StringBuilder deployments = new StringBuilder("deployments:\n");
        for (String name : names) {
            deployments.append("""
                      %1$s:
                        target: %2$s/srv/%1$s
                        lastGoodVersion: 1.0.0
                        backups: { directory: %2$s/backups }
                        diagnostics: { directory: %2$s/diagnostics }
                    """.formatted(name, root));
        }
        Files.writeString(root.resolve("deployments.yaml"), deployments);
        verifier = ServiceProcess.start("verifier-service", 18093, Map.of());
        verifier.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (verifier != null) {
            verifier.close();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** {@value #BLOBS} MB of random (incompressible) templates: archiving or extracting them takes seconds. */
    static Path writeBlobs(Path tree) throws Exception {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < BLOBS; i++) {
            random.nextBytes(block);
            try (OutputStream out = Files.newOutputStream(tree.resolve("templates/blob-" + i + ".bin"))) {
                out.write(block);
            }
        }
        return tree;
    }

    static void authorize(String deployment, UUID incident) throws Exception {
        authorize(deployment, incident, 1);
    }

    static void authorize(String deployment, UUID incident, int attempt) throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(new CloudEventCodec("/rewind/incident-service").toRecord(new RollbackAuthorized(UUID.randomUUID(), incident,
                    Instant.now(), deployment, "2.0.0", null, "policy:tier1", "crash test", null, attempt)));
        }
    }

    /** Starts the executor again and waits for the resumed rollback to end; it must end COMPLETED. */
    /** Restarts the executor until the rollback ended; a completed one also until it is concluded (4.1, always last). */
    static Map<String, Object> restartUntilCompleted(Map<String, String> environment, UUID incident) throws Exception {
        try (ServiceProcess restarted = executor(18092, environment)) {
            restarted.awaitReady(Duration.ofSeconds(120));
            return awaitConcluded(restarted, incident);
        }
    }

    /** Waits until the rollback completed (it must not fail) and was concluded (4.1, always last). */
    static Map<String, Object> awaitConcluded(ServiceProcess executor, UUID incident) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> List.of("COMPLETED", "FAILED").contains(String.valueOf(rollback(executor, incident).get("status"))));
        Map<String, Object> done = rollback(executor, incident);
        assertThat(done.get("status")).as(String.valueOf(done.get("failure"))).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> stepStatus(rollback(executor, incident), "4.1").equals("COMPLETED"));
        return rollback(executor, incident);
    }

    /**
     * An executor-service process; its consumers are static members named by its port, so the executor restarted after
     * a kill takes its partitions back at once instead of after the dead member's 10 s session timeout.
     */
    static ServiceProcess executor(int port, Map<String, String> environment) throws Exception {
        return executor("executor-service", port, environment);
    }

    static ServiceProcess executor(String instance, int port, Map<String, String> environment) throws Exception {
        Map<String, String> withStaticMembership = new java.util.HashMap<>(environment);
        withStaticMembership.put("REWIND_KAFKA_GROUP_INSTANCE_ID", "crash-test-executor-" + port);
        return ServiceProcess.start("executor-service", instance, port, withStaticMembership);
    }

    static Map<String, Object> rollback(ServiceProcess executor, UUID incident) {
        var response = given().baseUri(executor.url()).auth().oauth2(ANALYST).get("/api/v1/rollbacks/" + incident);
        return response.statusCode() == 200 ? response.as(Map.class) : Map.of();
    }

    @SuppressWarnings("unchecked")
    static String stepStatus(Map<String, Object> rollback, String step) {
        return ((List<Map<String, Object>>) rollback.getOrDefault("steps", List.of())).stream()
                .filter(s -> step.equals(s.get("step"))).map(s -> (String) s.get("status")).findFirst().orElse("NONE");
    }

    @Test
    void a_kill_minus_nine_while_archiving_resumes_without_repeating_finished_steps() throws Exception {
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString());
        UUID incident = UUID.randomUUID();
        Path brokenTree = besideTarget(DEPLOYMENT, "broken", incident);
        ServiceProcess executor = executor(18092, environment);
        executor.awaitReady(Duration.ofSeconds(120));
        authorize(DEPLOYMENT, incident);
        // 2.2 archives the broken tree the swap set aside, after the restart: kill while its archive is being written
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5)).until(() -> {
            try (Stream<Path> files = Files.list(root.resolve("backups"))) {
                return files.anyMatch(f -> f.getFileName().toString().startsWith(DEPLOYMENT + "-v2.0.0-broken-")
                        && f.getFileName().toString().endsWith(".partial"));
            }
        });
        String stoppedAt = (String) ((List<Map<String, Object>>) rollback(executor, incident).get("steps")).stream()
                .filter(s -> "2.1".equals(s.get("step"))).findFirst().orElseThrow().get("finishedAt");
        executor.kill();
        try (Stream<Path> files = Files.list(root.resolve("backups"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("killed while 2.2 still wrote its archive")
                    .anyMatch(n -> n.startsWith(DEPLOYMENT + "-v2.0.0-broken-") && n.endsWith(".partial"));
        }
        assertThat(Files.readString(root.resolve("srv/" + DEPLOYMENT + "/config.yaml"))).as("the restored version runs at the crash")
                .contains("1.0.0");
        assertThat(brokenTree.resolve("templates/blob-" + (BLOBS - 1) + ".bin")).as("the broken tree, whole, set aside").exists();

        Map<String, Object> done = restartUntilCompleted(environment, incident);
        String stoppedAfter = (String) ((List<Map<String, Object>>) done.get("steps")).stream()
                .filter(s -> "2.1".equals(s.get("step"))).findFirst().orElseThrow().get("finishedAt");
        assertThat(stoppedAfter).as("step 2.1 was not repeated").isEqualTo(stoppedAt);
        Path target = root.resolve("srv/" + DEPLOYMENT);
        for (String file : List.of("config.yaml", "agents/dev.md", "steps/0-scoping/step-01-business-analyst.md", "workflow.md")) {
            assertThat(Files.readAllBytes(target.resolve(file))).isEqualTo(Files.readAllBytes(v1.resolve(file)));
        }
        assertThat(target.resolve("templates/blob-0.bin")).doesNotExist();
        try (Stream<Path> files = Files.list(root.resolve("backups"))) {
            List<String> broken = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(DEPLOYMENT + "-v") && n.contains("broken")).sorted().toList();
            assertThat(broken).hasSize(3).allMatch(n -> n.endsWith(".tar.gz") || n.endsWith(".sha256") || n.endsWith(".manifest"));
        }
        Path archive;
        try (Stream<Path> files = Files.list(root.resolve("backups"))) {
            archive = files.filter(p -> p.getFileName().toString().startsWith(DEPLOYMENT + "-v") && p.toString().contains("broken")
                    && p.getFileName().toString().endsWith("tar.gz")).findFirst().orElseThrow();
        }
        Process check = new ProcessBuilder("sh", "-c", "cd " + archive.getParent() + " && sha256sum -c " + archive.getFileName() + ".sha256"
                + " && tar -tzf " + archive.getFileName() + " | grep -c blob-").start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(output).isZero();
        assertThat(output).contains(": OK").contains(Integer.toString(BLOBS));
    }

    @Test
    void two_executor_instances_at_once_never_run_a_step_twice() throws Exception {
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString(),
                "REWIND_EXECUTOR_RESUME_EVERY", "200ms");
        UUID incident = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient();
             KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES);
             ServiceProcess first = executor(18092, environment);
             ServiceProcess second = executor(18094, environment)) {
            first.awaitReady(Duration.ofSeconds(120));
            second.awaitReady(Duration.ofSeconds(120));
            authorize(TWIN_DEPLOYMENT, incident);
            // both look at every unfinished rollback five times a second; only the lease holder may run a step
            phases.awaitRecord(r -> incident.toString().equals(r.key()) && type(r).equals("rollback.completed"), Duration.ofSeconds(180));
            phases.awaitRecord(r -> incident.toString().equals(r.key()) && type(r).equals("step.completed")
                    && ((dev.rewind.events.PhaseEvent.StepCompleted) CloudEventCodec.decode(r.headers(), r.value()).event()).step().equals("4.1"),
                    Duration.ofSeconds(60));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
            // the outbox delivers at least once (one instance's relay may send a row the other's just sent): the same
            // event twice is one completion; a step run twice would be two events with two ids
            Map<String, Long> completions = phases.seen().stream()
                    .filter(r -> incident.toString().equals(r.key()) && type(r).equals("step.completed"))
                    .map(r -> (dev.rewind.events.PhaseEvent.StepCompleted) CloudEventCodec.decode(r.headers(), r.value()).event())
                    .collect(java.util.stream.Collectors.groupingBy(dev.rewind.events.PhaseEvent.StepCompleted::step,
                            java.util.stream.Collectors.mapping(dev.rewind.events.PhaseEvent.StepCompleted::eventId,
                                    java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toSet(), ids -> (long) ids.size()))));
            assertThat(completions.keySet()).contains("1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.6", "3.1");
            assertThat(completions).as("each step completed once, by one instance").allSatisfy((step, count) -> assertThat(count).isOne());
        }
        for (String file : List.of("config.yaml", "agents/dev.md", "workflow.md")) {
            assertThat(Files.readAllBytes(root.resolve("srv/" + TWIN_DEPLOYMENT).resolve(file))).isEqualTo(Files.readAllBytes(v1.resolve(file)));
        }
        assertThat(root.resolve("srv/" + TWIN_DEPLOYMENT + "/templates/blob-0.bin")).doesNotExist();
    }

    @Test
    void a_postgresql_restart_while_the_broken_version_is_archived_neither_fails_nor_stalls_the_rollback() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/etc/postgresql")), "needs the local PostgreSQL cluster");
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString(),
                "REWIND_EXECUTOR_RESUME_EVERY", "2s");
        UUID incident = UUID.randomUUID();
        try (ServiceProcess executor = executor(18092, environment)) {
            executor.awaitReady(Duration.ofSeconds(120));
            authorize(OUTAGE_DEPLOYMENT, incident);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5)).until(() -> {
                try (Stream<Path> files = Files.list(root.resolve("backups"))) {
                    return files.anyMatch(f -> f.getFileName().toString().startsWith(OUTAGE_DEPLOYMENT + "-v2.0.0-broken-")
                            && f.getFileName().toString().endsWith(".partial"));
                }
            });
            String cluster;
            try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
                cluster = versions.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
            }
            Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart")
                    .redirectErrorStream(true).start();
            String output = new String(restart.getInputStream().readAllBytes());
            assertThat(restart.waitFor()).as(output).isZero();

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> List.of("COMPLETED", "FAILED").contains(String.valueOf(rollback(executor, incident).get("status"))));
            Map<String, Object> done = rollback(executor, incident);
            assertThat(done.get("status")).as("%s", done).isEqualTo("COMPLETED");
        }
        assertThat(Files.readString(root.resolve("srv/" + OUTAGE_DEPLOYMENT + "/config.yaml"))).contains("1.0.0");
    }

    private static String type(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        try {
            return CloudEventCodec.decode(record.headers(), record.value()).event().type().shortName();
        } catch (RuntimeException e) {
            return "";
        }
    }

    @Test
    void a_kill_minus_nine_while_restoring_leaves_one_whole_version_and_the_resumed_rollback_restores_it() throws Exception {
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString());
        UUID incident = UUID.randomUUID();
        Path target = root.resolve("srv/" + RESTORE_DEPLOYMENT);
        ServiceProcess executor = executor(18092, environment);
        executor.awaitReady(Duration.ofSeconds(120));
        authorize(RESTORE_DEPLOYMENT, incident);
        // the staging directory appears when the extraction of the 160 MB backup begins: kill right then
        Path staging = besideTarget(RESTORE_DEPLOYMENT, "staging", incident);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(2)).until(() -> Files.isDirectory(staging));
        executor.kill();

        String atCrash = Files.exists(target) ? Files.readString(target.resolve("config.yaml")) : "absent";
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).as("what the crash left beside the target")
                    .anyMatch(n -> n.startsWith(RESTORE_DEPLOYMENT + ".rewind-staging-") || n.startsWith(RESTORE_DEPLOYMENT + ".rewind-broken-"));
        }
        if (atCrash.contains("2.0.0")) {
            assertThat(target.resolve("templates/blob-0.bin")).as("the broken tree, whole and unmixed").doesNotExist();
        } else if (atCrash.contains("1.0.0")) {
            assertThat(target.resolve("templates/blob-" + (BLOBS - 1) + ".bin")).as("the restored tree, whole").exists();
        }

        restartUntilCompleted(environment, incident);
        Path bigV1 = root.resolve("v1-big");
        for (String file : List.of("config.yaml", "agents/dev.md", "workflow.md", "templates/blob-0.bin", "templates/blob-" + (BLOBS - 1) + ".bin")) {
            assertThat(Files.readAllBytes(target.resolve(file))).as(file).isEqualTo(Files.readAllBytes(bigV1.resolve(file)));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            try (Stream<Path> siblings = Files.list(target.getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(RESTORE_DEPLOYMENT)).toList())
                        .as("no staging or broken tree left once the rollback is done").containsExactly(RESTORE_DEPLOYMENT);
            }
        });
    }

    /** The target is the restored version, whole, and nothing of the rollback is left beside it. */
    static void assertRestoredAndTidy(String deployment) throws Exception {
        Path target = root.resolve("srv/" + deployment);
        for (String file : List.of("config.yaml", "agents/dev.md", "steps/0-scoping/step-01-business-analyst.md", "workflow.md")) {
            assertThat(Files.readAllBytes(target.resolve(file))).as(deployment + " " + file).isEqualTo(Files.readAllBytes(v1.resolve(file)));
        }
        assertThat(target.resolve("agents/new-in-v2.md")).doesNotExist();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            try (Stream<Path> siblings = Files.list(target.getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(deployment + ".")).toList())
                        .as("no staging or broken tree left beside " + deployment).isEmpty();
            }
        });
        Path archive;
        try (Stream<Path> files = Files.list(root.resolve("backups"))) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().startsWith(deployment + "-v2.0.0-broken-")
                    && p.getFileName().toString().endsWith(".tar.gz")).toList();
            assertThat(archives).as("one archive of the broken version").hasSize(1);
            archive = archives.get(0);
        }
        Process check = new ProcessBuilder("sh", "-c", "cd " + archive.getParent() + " && sha256sum -c " + archive.getFileName() + ".sha256"
                + " && tar -xzOf " + archive.getFileName() + " config.yaml").redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(output).isZero();
        assertThat(output).as("the broken version's archive, whole").contains(": OK").contains("2.0.0");
    }

    @Test
    void a_kill_minus_nine_just_after_attempt_2_started_afresh_resumes_attempt_2_to_the_restored_version() throws Exception {
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString());
        UUID incident = UUID.randomUUID();
        ServiceProcess executor = executor(18092, environment);
        executor.awaitReady(Duration.ofSeconds(120));
        authorize(ATTEMPT_DEPLOYMENT, incident, 1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> "FAILED".equals(rollback(executor, incident).get("status")));
        assertThat(stepStatus(rollback(executor, incident), "1.3")).isEqualTo("FAILED");

        Files.copy(root.resolve("backups/" + DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"),
                root.resolve("backups/" + ATTEMPT_DEPLOYMENT + "-v1.0.0-backup-1.tar.gz"));
        authorize(ATTEMPT_DEPLOYMENT, incident, 2);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                .until(() -> Integer.valueOf(2).equals(rollback(executor, incident).get("attempt")));
        executor.kill();
        assertThat(Files.readString(root.resolve("srv/" + ATTEMPT_DEPLOYMENT + "/config.yaml"))).contains("2.0.0");

        Map<String, Object> done = restartUntilCompleted(environment, incident);
        assertThat(done.get("attempt")).isEqualTo(2);
        assertThat(((List<Map<String, Object>>) done.get("earlierAttempts")).stream().map(s -> s.get("step")).toList())
                .contains("1.2@1", "1.3@1");
        assertRestoredAndTidy(ATTEMPT_DEPLOYMENT);
    }

    @Test
    void a_kill_minus_nine_after_every_step_resumes_to_one_whole_restored_version() throws Exception {
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString());
        // each restarted executor resumes the rollback it was killed in, then runs the next one to its crash point
        ServiceProcess executor = executor(18092, environment);
        try {
            executor.awaitReady(Duration.ofSeconds(120));
            for (String step : BOUNDARIES) {
                String deployment = atBoundary("kill", step);
                WorkflowTrees.write(root.resolve("srv/" + deployment + "/agents/new-in-v2.md"), "only in the broken version");
                UUID incident = UUID.randomUUID();
                authorize(deployment, incident);
                ServiceProcess running = executor;
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                        .until(() -> stepStatus(rollback(running, incident), step).equals("COMPLETED"));
                executor.kill();
                Path target = root.resolve("srv/" + deployment);
                if (!Files.isDirectory(target)) {
                    // killed between 2.4S's renames: both trees are whole beside it, and the resumed step finishes the swap
                    assertThat(besideTarget(deployment, "broken", incident)).isDirectory();
                    assertThat(besideTarget(deployment, "staging", incident)).isDirectory();
                } else if (Files.readString(target.resolve("config.yaml")).contains("2.0.0")) {
                    assertThat(target.resolve("agents/new-in-v2.md")).as("killed after " + step + ": the broken version, whole").exists();
                } else {
                    assertThat(target.resolve("agents/new-in-v2.md")).as("killed after " + step + ": the restored version, unmixed").doesNotExist();
                }
                executor = executor(18092, environment);
                executor.awaitReady(Duration.ofSeconds(120));
                awaitConcluded(executor, incident);
                assertRestoredAndTidy(deployment);
            }
        } finally {
            executor.close();
        }
    }

    @Test
    void a_postgresql_restart_after_every_step_neither_fails_nor_stalls_the_rollback() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/etc/postgresql")), "needs the local PostgreSQL cluster");
        String cluster;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            cluster = versions.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString(),
                "REWIND_EXECUTOR_RESUME_EVERY", "2s");
        try (ServiceProcess executor = executor(18092, environment)) {
            executor.awaitReady(Duration.ofSeconds(120));
            for (String step : BOUNDARIES) {
                String deployment = atBoundary("pg", step);
                UUID incident = UUID.randomUUID();
                authorize(deployment, incident);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                        .until(() -> stepStatus(rollback(executor, incident), step).equals("COMPLETED"));
                Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart")
                        .redirectErrorStream(true).start();
                String output = new String(restart.getInputStream().readAllBytes());
                assertThat(restart.waitFor()).as(output).isZero();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> List.of("COMPLETED", "FAILED").contains(String.valueOf(rollback(executor, incident).get("status"))));
                Map<String, Object> done = rollback(executor, incident);
                assertThat(done.get("status")).as("PostgreSQL restarted after %s: %s", step, done.get("failure")).isEqualTo("COMPLETED");
                assertRestoredAndTidy(deployment);
            }
        }
    }

    @Test
    void the_broker_stopped_for_20_seconds_in_the_middle_of_a_rollback_neither_fails_nor_stalls_it() throws Exception {
        // 20 s without a broker, from the start of 2.3's 160 MB extraction: the steps that need only the disk and the
        // database go on, the validation request waits in the outbox, nothing fails
        UUID incident = UUID.randomUUID();
        Path staging = besideTarget(BROKER_OUTAGE_DEPLOYMENT, "staging", incident);
        rollbackThroughBrokerOutage(BROKER_OUTAGE_DEPLOYMENT, incident, "broker-outage", executor -> Files.isDirectory(staging));
    }

    @Test
    void a_verdict_lost_on_its_way_is_asked_for_again_and_the_rollback_completes() throws Exception {
        try (dev.rewind.testing.PrivateBroker broker = new dev.rewind.testing.PrivateBroker(19192, root.resolve("private-kafka-lost-verdict"))) {
            broker.start();
            Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString(),
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap());
            Map<String, String> askingAgainSoon = new java.util.HashMap<>(environment);
            askingAgainSoon.put("REWIND_EXECUTOR_VERIFICATION_ASK_AGAIN_AFTER", "PT3S");
            UUID incident = UUID.randomUUID();
            String verificationId;
            try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrap())) {
                // no verifier yet: the executor asks for 2.4's validation, and is killed before any verdict exists
                ServiceProcess first = executor("executor-service-lost-verdict", 18092, environment);
                try {
                    first.awaitReady(Duration.ofSeconds(120));
                    kafka.send(new CloudEventCodec("/rewind/incident-service").toRecord(new RollbackAuthorized(UUID.randomUUID(), incident,
                            Instant.now(), LOST_VERDICT_DEPLOYMENT, "2.0.0", null, "policy:tier1", "lost verdict test")));
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                            .until(() -> stepStatus(rollback(first, incident), "2.4").equals("WAITING"));
                    verificationId = stepOutput(rollback(first, incident), "2.4", "verificationId");
                } finally {
                    first.kill();
                }
                // the verifier answers; its verdict reaches the topic, then is deleted from it before anyone reads it
                try (KafkaTestClient.Watch verdicts = kafka.watch(dev.rewind.events.Topics.VERIFICATIONS);
                     ServiceProcess ownVerifier = ServiceProcess.start("verifier-service", "verifier-service-lost-verdict", 18095,
                             Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap()))) {
                    ownVerifier.awaitReady(Duration.ofSeconds(120));
                    verdicts.awaitRecord(r -> new String(r.value()).contains("verification.completed")
                            && new String(r.value()).contains(verificationId), Duration.ofSeconds(60));
                    deleteEverything(broker.bootstrap(), dev.rewind.events.Topics.VERIFICATIONS);

                    try (KafkaTestClient.Watch again = kafka.watch(dev.rewind.events.Topics.VERIFICATIONS);
                         ServiceProcess second = executor("executor-service-lost-verdict-2", 18092, askingAgainSoon)) {
                        second.awaitReady(Duration.ofSeconds(120));
                        // without asking again, 2.4 would wait for the verification timeout (30 min)
                        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                                .until(() -> List.of("COMPLETED", "FAILED").contains(String.valueOf(rollback(second, incident).get("status"))));
                        Map<String, Object> done = rollback(second, incident);
                        assertThat(done.get("status")).as("%s", done.get("failure")).isEqualTo("COMPLETED");
                        assertThat(stepOutput(done, "2.4", "verificationId")).as("the same verification").isEqualTo(verificationId);
                        assertThat(again.seen().stream().filter(r -> new String(r.value()).contains("verification.completed")
                                && new String(r.value()).contains(verificationId))).as("the recorded verdict, published again").isNotEmpty();
                        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                                .until(() -> stepStatus(rollback(second, incident), "4.1").equals("COMPLETED"));
                    }
                }
            }
        }
        assertRestoredAndTidy(LOST_VERDICT_DEPLOYMENT);
    }

    /** Deletes every record of {@code topic} up to its end, as retention or a lost log segment would. */
    static void deleteEverything(String bootstrap, String topic) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().forEach(p ->
                    latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete> before = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, end) ->
                    before.put(partition, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(before).all().get();
        }
    }

    @SuppressWarnings("unchecked")
    static String stepOutput(Map<String, Object> rollback, String step, String key) {
        return ((List<Map<String, Object>>) rollback.getOrDefault("steps", List.of())).stream()
                .filter(s -> step.equals(s.get("step"))).map(s -> String.valueOf(((Map<String, Object>) s.get("outputs")).get(key)))
                .findFirst().orElse("NONE");
    }

    /** Rolls {@code deployment} back on a private broker that is stopped for 20 s once {@code stopWhen} holds. */
    static void rollbackThroughBrokerOutage(String deployment, UUID incident, String logs,
                                            java.util.function.Predicate<ServiceProcess> stopWhen) throws Exception {
        try (dev.rewind.testing.PrivateBroker broker = new dev.rewind.testing.PrivateBroker(19192, root.resolve("private-kafka-" + logs))) {
            broker.start();
            Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString(),
                    "REWIND_EXECUTOR_RESUME_EVERY", "2s", "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap(),
                    "QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA_CLIENTS_CONSUMER__LEVEL", "INFO");
            // logs of their own (target/service-logs/*-<logs>.log): no later test overwrites them
            try (ServiceProcess ownVerifier = ServiceProcess.start("verifier-service", "verifier-service-" + logs, 18095,
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap(), "QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA_CLIENTS__LEVEL", "INFO"));
                 ServiceProcess executor = executor("executor-service-" + logs, 18092, environment)) {
                ownVerifier.awaitReady(Duration.ofSeconds(120));
                executor.awaitReady(Duration.ofSeconds(120));
                try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrap())) {
                    kafka.send(new CloudEventCodec("/rewind/incident-service").toRecord(new RollbackAuthorized(UUID.randomUUID(), incident,
                            Instant.now(), deployment, "2.0.0", null, "policy:tier1", "broker outage test")));
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> stopWhen.test(executor));
                broker.stop();
                await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500))
                        .until(() -> !"FAILED".equals(String.valueOf(rollback(executor, incident).get("status"))));
                broker.start();
                try {
                    // 180 s: the clients' reconnection and the consumer groups' recovery on a loaded machine (one full-suite
                    // run of 2026-12-08 missed 120 s; five runs alone took 15-30 s)
                    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                            .until(() -> List.of("COMPLETED", "FAILED").contains(String.valueOf(rollback(executor, incident).get("status"))));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("the rollback did not end within 180 s of the broker's return: " + rollback(executor, incident), e);
                }
                Map<String, Object> done = rollback(executor, incident);
                assertThat(done.get("status")).as("%s", done.get("failure")).isEqualTo("COMPLETED");
            }
        }
        for (String file : List.of("config.yaml", "agents/dev.md", "workflow.md")) {
            assertThat(Files.readAllBytes(root.resolve("srv/" + deployment).resolve(file))).isEqualTo(Files.readAllBytes(v1.resolve(file)));
        }
    }

    /** What a rollback keeps beside its deployment's target: {@code <target>.rewind-<kind>-<incident's first 8>}. */
    static Path besideTarget(String deployment, String kind, UUID incident) {
        return root.resolve("srv/" + deployment + ".rewind-" + kind + "-" + incident.toString().substring(0, 8));
    }

    /** The deployment's target, with a file only the broken version has. */
    static Path markedBroken(String deployment) throws Exception {
        Path target = root.resolve("srv/" + deployment);
        WorkflowTrees.write(target.resolve("agents/new-in-v2.md"), "only in the broken version");
        return target;
    }

    /** The executor's environment with one of the crash tests' fail points on: it stops there until killed. */
    static Map<String, String> holdingAt(String point) {
        return Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString(),
                "REWIND_EXECUTOR_CRASH_TEST_HOLD_AT", point);
    }

    @Test
    void a_kill_minus_nine_between_rollback_completed_and_its_conclusion_resumes_the_conclusion() throws Exception {
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString());
        markedBroken(HOLD_CONCLUDE_DEPLOYMENT);
        UUID incident = UUID.randomUUID();
        Path broken = besideTarget(HOLD_CONCLUDE_DEPLOYMENT, "broken", incident);
        ServiceProcess executor = executor(18092, holdingAt("before-concluding"));
        try {
            executor.awaitReady(Duration.ofSeconds(120));
            authorize(HOLD_CONCLUDE_DEPLOYMENT, incident);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> "COMPLETED".equals(rollback(executor, incident).get("status")));
            assertThat(stepStatus(rollback(executor, incident), "4.1")).as("held before the conclusion").isEqualTo("NONE");
        } finally {
            executor.kill();
        }
        assertThat(broken.resolve("agents/new-in-v2.md")).as("the set-aside broken tree, still there").exists();

        Map<String, Object> done = restartUntilCompleted(environment, incident);
        assertThat(stepStatus(done, "3.L")).isEqualTo("COMPLETED");
        assertThat(stepStatus(done, "4.2")).isEqualTo("COMPLETED");
        assertRestoredAndTidy(HOLD_CONCLUDE_DEPLOYMENT);
    }

    @Test
    void a_kill_minus_nine_between_the_swaps_exchange_and_its_set_aside_resumes_to_the_restored_version() throws Exception {
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString());
        Path target = markedBroken(HOLD_SWAP_DEPLOYMENT);
        UUID incident = UUID.randomUUID();
        Path broken = besideTarget(HOLD_SWAP_DEPLOYMENT, "broken", incident);
        Path staging = besideTarget(HOLD_SWAP_DEPLOYMENT, "staging", incident);
        Path intent = besideTarget(HOLD_SWAP_DEPLOYMENT, "swap", incident);
        ServiceProcess executor = executor(18092, holdingAt("between-renames"));
        try {
            executor.awaitReady(Duration.ofSeconds(120));
            authorize(HOLD_SWAP_DEPLOYMENT, incident);
            // the exchange happened (the target is the restored tree) and the executor holds before setting the broken one aside
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(intent) && Files.isDirectory(staging) && Files.notExists(target.resolve("agents/new-in-v2.md")));
        } finally {
            executor.kill();
        }

        assertThat(target).as("an exchange never leaves the target path absent").isDirectory();
        assertThat(broken).doesNotExist();
        for (String file : List.of("config.yaml", "agents/dev.md", "steps/0-scoping/step-01-business-analyst.md", "workflow.md")) {
            assertThat(Files.readAllBytes(target.resolve(file))).as("the restored tree, whole: " + file).isEqualTo(Files.readAllBytes(v1.resolve(file)));
        }
        assertThat(Files.readString(staging.resolve("config.yaml"))).as("the broken tree, whole, under the staging name").contains("2.0.0");
        assertThat(staging.resolve("agents/new-in-v2.md")).exists();
        Map<String, Object> done = restartUntilCompleted(environment, incident);
        assertThat(stepStatus(done, "2.4S")).isEqualTo("COMPLETED");
        assertRestoredAndTidy(HOLD_SWAP_DEPLOYMENT);
        try (Stream<Path> files = Files.list(root.resolve("backups"))) {
            Path archive = files.filter(p -> p.getFileName().toString().startsWith(HOLD_SWAP_DEPLOYMENT + "-v2.0.0-broken-")
                    && p.getFileName().toString().endsWith(".tar.gz")).findFirst().orElseThrow();
            assertThat(new String(new ProcessBuilder("tar", "-tzf", archive.toString()).start().getInputStream().readAllBytes()))
                    .as("the broken version was archived from the tree the exchange set aside").contains("agents/new-in-v2.md");
        }
    }

    @Test
    void a_kill_minus_nine_between_the_reverts_two_renames_resumes_to_the_broken_version_put_back() throws Exception {
        Map<String, String> environment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString());
        Path target = markedBroken(HOLD_REVERT_DEPLOYMENT);
        UUID incident = UUID.randomUUID();
        try (ServiceProcess executor = executor(18092, environment)) {
            executor.awaitReady(Duration.ofSeconds(120));
            authorize(HOLD_REVERT_DEPLOYMENT, incident);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> List.of("COMPLETED", "FAILED").contains(String.valueOf(rollback(executor, incident).get("status"))));
            Map<String, Object> failed = rollback(executor, incident);
            assertThat(failed.get("status")).as("the smoke test fails on the restored version").isEqualTo("FAILED");
            assertThat(String.valueOf(failed.get("failure"))).contains("retry or revert");
        }
        assertThat(Files.readString(target.resolve("config.yaml"))).as("the restored version is in place").contains("not-in-this-version");

        ServiceProcess holding = executor(18092, holdingAt("between-renames"));
        try {
            holding.awaitReady(Duration.ofSeconds(120));
            // the answer never comes: the revert holds between its renames until the kill
            java.util.concurrent.CompletableFuture<String> answer = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    given().baseUri(holding.url()).auth().oauth2(TestTokens.token("alice", "tech-lead"))
                            .post("/api/v1/rollbacks/" + incident + "/revert").asString());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .failFast("the revert answered instead of holding", answer::isDone).until(() -> Files.notExists(target));
        } finally {
            holding.kill();
        }

        try (Stream<Path> siblings = Files.list(target.getParent())) {
            List<String> beside = siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(HOLD_REVERT_DEPLOYMENT + ".")).toList();
            assertThat(beside).as("killed between the revert's renames: both versions whole beside the absent target")
                    .anyMatch(n -> n.startsWith(HOLD_REVERT_DEPLOYMENT + ".rewind-broken-"))
                    .anyMatch(n -> n.startsWith(HOLD_REVERT_DEPLOYMENT + ".rewind-reverted-"));
        }
        try (ServiceProcess restarted = executor(18092, environment)) {
            restarted.awaitReady(Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stepStatus(rollback(restarted, incident), "2.R").equals("COMPLETED"));
        }
        assertThat(Files.readString(target.resolve("agents/new-in-v2.md"))).as("the broken version is back, whole").isEqualTo("only in the broken version");
        assertThat(Files.readString(target.resolve("config.yaml"))).contains("2.0.0");
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            Path setAside = siblings.filter(p -> p.getFileName().toString().startsWith(HOLD_REVERT_DEPLOYMENT + ".rewind-reverted-")).findFirst().orElseThrow();
            assertThat(Files.readString(setAside.resolve("config.yaml"))).as("the restored version set aside, whole").contains("not-in-this-version");
        }
    }
}
