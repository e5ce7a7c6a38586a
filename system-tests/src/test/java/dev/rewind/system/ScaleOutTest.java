package dev.rewind.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.devstack.KnowledgeMcpServer;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.ChannelSinks;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.ServiceProcess;
import dev.rewind.testing.SharedDatabase;
import dev.rewind.testing.TestTokens;
import dev.rewind.testing.WorkflowTrees;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of every service on one broker and database, as the prod overlay runs them. A tier-1 rollback
 * and a tier-2 escalation are under way when one instance of each service is killed with -9 — the executor
 * that holds the rollback's deployment, in the middle of stopping the workload. The survivors finish: the
 * rollback runs once (each step completed once), the incident is restored, every event is in the store once,
 * each notification is delivered once, the escalation is decided and sent once.
 */
class ScaleOutTest {
    static final String ANALYST = TestTokens.token("ana", "analyst");
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String ROLLED_BACK = "scale-" + RUN;
    static final String ESCALATED = "scale-review-" + RUN;
    static Path root;
    static Path v1;
    static KnowledgeMcpServer knowledge;
    static ChannelSinks sinks;
    static final List<ServiceProcess> incident = new ArrayList<>();
    static final List<ServiceProcess> executor = new ArrayList<>();
    static final List<ServiceProcess> verifier = new ArrayList<>();
    static final List<ServiceProcess> notifier = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        if (!LocalInfra.brokerAnswers(LocalInfra.BOOTSTRAP, Duration.ofSeconds(10))) {
            throw new IllegalStateException("start the broker first: ./rewind infra (./rewind test does it)");
        }
        root = Files.createTempDirectory("rewind-scale");
        v1 = WorkflowTrees.create(root.resolve("v1"), "1.0.0");
        Files.createDirectories(root.resolve("backups"));
        EndToEndTest.tar(v1, root.resolve("backups/" + ROLLED_BACK + "-v1.0.0-backup-20261101.tar.gz"), Instant.now().minusSeconds(3600));
        WorkflowTrees.create(root.resolve("srv/" + ROLLED_BACK), "2.0.0");
        // a workload that ignores SIGTERM: stopping it (2.1) takes its whole grace period, the moment of the kills
        String workload = "trap '' TERM; while :; do sleep 1; done; : workflow-" + ROLLED_BACK;
        new ProcessBuilder("sh", "-c", workload).start();
        Files.writeString(root.resolve("deployments.yaml"), """
                deployments:
                  %1$s:
                    target: %2$s/srv/%1$s
                    lastGoodVersion: 1.0.0
                    backups: { directory: %2$s/backups }
                    diagnostics: { directory: %2$s/diagnostics }
                    workload:
                      controller: process
                      match: ["sh -c trap '' TERM; while :; do sleep 1; done; : workflow-%1$s"]
                      start: ["sh", "-c", "%3$s"]
                      gracePeriod: 4s
                """.formatted(ROLLED_BACK, root, workload));
        knowledge = new KnowledgeMcpServer(0);
        sinks = new ChannelSinks();
        SharedDatabase.abandonPendingDeliveries();
        Map<String, String> executorEnvironment = Map.of("REWIND_DEPLOYMENTS_PATH", root.resolve("deployments.yaml").toString(),
                "REWIND_EXECUTOR_LEASE_TTL", "6s", "REWIND_EXECUTOR_RESUME_EVERY", "1s");
        // both instances of a service share its groups, which start at the end of every topic (not behind the modules' events)
        String groups = LocalInfra.ownGroupsAtTheEnd();
        for (int i = 1; i <= 2; i++) {
            incident.add(ServiceProcess.start("incident-service", "incident-service-" + i, 18280 + i, LocalInfra.withGroups(groups, Map.of())));
            executor.add(ServiceProcess.start("executor-service", "executor-service-" + i, 18282 + i,
                    LocalInfra.withGroups(groups, executorEnvironment)));
            verifier.add(ServiceProcess.start("verifier-service", "verifier-service-" + i, 18284 + i, LocalInfra.withGroups(groups, Map.of(
                    "REWIND_VERIFIER_KNOWLEDGE_MCP_URL", knowledge.url(), "REWIND_VERIFIER_KNOWLEDGE_MCP_HEALTH_URL", knowledge.healthUrl()))));
            notifier.add(ServiceProcess.start("notifier-service", "notifier-service-" + i, 18286 + i,
                    LocalInfra.withGroups(groups, sinks.notifierEnvironment(root))));
        }
        for (List<ServiceProcess> service : List.of(incident, executor, verifier, notifier)) {
            for (ServiceProcess instance : service) {
                instance.awaitReady(Duration.ofSeconds(180));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        List<ServiceProcess> started = new ArrayList<>();
        List.of(incident, executor, verifier, notifier).forEach(started::addAll);
        EndToEndTest.stopAll(started, knowledge, sinks, "workflow-scale-");
    }

    @Test
    void one_instance_of_each_service_killed_mid_incident_loses_and_repeats_nothing() throws Exception {
        String rollback;
        String review;
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            rollback = EndToEndTest.signal(incident.get(0), ROLLED_BACK, "critical_security_vulnerability", 1);
            review = EndToEndTest.signal(incident.get(1), ESCALATED, "users_blocked", 8);
            // 2.4 done (the staged tree validated): 2.1 is stopping the workload, which takes its 4 s grace period
            phases.awaitRecord(record -> rollback.equals(record.key()) && stepCompleted(record, "2.4"), Duration.ofSeconds(90));
        }
        ServiceProcess holder = leaseHolder(ROLLED_BACK);
        ServiceProcess survivor = executor.get(executor.get(0) == holder ? 1 : 0);
        holder.kill();
        incident.get(0).kill();
        verifier.get(0).kill();
        notifier.get(0).kill();
        ServiceProcess incidents = incident.get(1);

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> "COMPLETED".equals(given().baseUri(survivor.url()).auth().oauth2(ANALYST)
                        .get("/api/v1/rollbacks/" + rollback).path("status")));
        for (String file : List.of("config.yaml", "workflow.md", "agents/dev.md")) {
            assertThat(Files.readAllBytes(root.resolve("srv/" + ROLLED_BACK).resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(v1.resolve(file)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(given().baseUri(incidents.url()).auth().oauth2(ANALYST)
                .get("/api/v1/incidents/" + rollback).<String>path("status")).isEqualTo("RESTORED"));
        await().atMost(Duration.ofSeconds(60)).until(() -> types(incidents, rollback).contains("dev.rewind.rollback.completed"));
        // what the notifier's survivor delivers after the kills reaches the store in its own time: let it settle
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);

        List<Map<String, Object>> stream = EndToEndTest.events(incidents, rollback);
        assertThat(stream.stream().map(e -> e.get("id")).distinct().count()).as("every event once").isEqualTo(stream.size());
        assertThat(count(stream, "dev.rewind.rollback.authorized")).isOne();
        assertThat(count(stream, "dev.rewind.rollback.completed")).as("the rollback ran once").isOne();
        Map<Object, Long> completions = stream.stream().filter(e -> "dev.rewind.step.completed".equals(e.get("type")))
                .collect(Collectors.groupingBy(e -> data(e).get("step"), Collectors.counting()));
        assertThat(completions.keySet()).contains("1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.6", "3.1");
        assertThat(completions).as("each step completed once, by one instance").allSatisfy((step, n) -> assertThat(n).isOne());
        assertThat(deliveries(stream)).as("each notification delivered once").doesNotHaveDuplicates().isNotEmpty();

        List<Map<String, Object>> escalation = EndToEndTest.events(incidents, review);
        assertThat(count(escalation, "dev.rewind.incident.escalated")).as("the first level escalated once").isOne();
        Object escalated = escalation.stream().filter(e -> "dev.rewind.incident.escalated".equals(e.get("type"))).findFirst()
                .orElseThrow().get("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(EndToEndTest.events(incidents, review)))
                .as("the on-call engineer told of the escalation").anyMatch(delivery -> delivery.startsWith(escalated + " ")));
        assertThat(deliveries(EndToEndTest.events(incidents, review))).as("each told once").doesNotHaveDuplicates();
    }

    private static boolean stepCompleted(ConsumerRecord<String, byte[]> record, String step) {
        try {
            return CloudEventCodec.decode(record.headers(), record.value()).event() instanceof StepCompleted completed
                    && completed.step().equals(step);
        } catch (RuntimeException notAnEvent) {
            return false;
        }
    }

    /** The executor instance whose lease holds the deployment (its owner names the pid). */
    private static ServiceProcess leaseHolder(String deployment) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/rewind", "rewind", "rewind");
             PreparedStatement query = connection.prepareStatement("select owner from executor.deployment_lease where deployment = ?")) {
            query.setString(1, deployment);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("a lease on " + deployment).isTrue();
                long pid = Long.parseLong(rows.getString(1).split("/")[1]);
                return executor.stream().filter(e -> e.pid() == pid).findFirst().orElseThrow();
            }
        }
    }

    private static List<Object> types(ServiceProcess incidentService, String incidentId) {
        return EndToEndTest.events(incidentService, incidentId).stream().map(e -> e.get("type")).toList();
    }

    private static long count(List<Map<String, Object>> stream, String type) {
        return stream.stream().filter(e -> type.equals(e.get("type"))).count();
    }

    private static Map<?, ?> data(Map<String, Object> event) {
        return (Map<?, ?>) event.get("data");
    }

    /** (source event, channel, recipient) of every delivery: one notification. */
    private static List<String> deliveries(List<Map<String, Object>> stream) {
        return stream.stream().filter(e -> "dev.rewind.notification.delivered".equals(e.get("type")))
                .map(e -> data(e).get("sourceEventId") + " " + data(e).get("channel") + " " + data(e).get("recipient")).toList();
    }
}
