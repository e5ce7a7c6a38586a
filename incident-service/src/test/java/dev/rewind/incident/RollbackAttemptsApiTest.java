package dev.rewind.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Topics;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import static dev.rewind.incident.Api.as;
import static dev.rewind.incident.Api.deployment;
import static dev.rewind.incident.Api.form;
import static dev.rewind.incident.Api.signal;
import static dev.rewind.incident.RedeploymentGateTest.EXECUTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Retry after failure over REST, against the real broker and database (issue 19, part 2): a rollback fails (the
 * executor's events sent on the phases topic), a lead asks for attempt 2, which is authorized afresh and succeeds; the
 * list, the timeline and the post-mortem show both attempts. Everyone else, and hostile bodies, are refused.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
@TestProfile(EscalationTest.FastEscalation.class)
class RollbackAttemptsApiTest {

    @Test
    void a_failed_rollback_is_tried_again_from_a_fresh_authorization_and_every_attempt_shows() throws Exception {
        String deployment = deployment();
        String incident = failed(deployment);
        String path = "/api/v1/incidents/" + incident + "/rollback-attempts";

        as(Api.ANALYST).body("{\"reason\":\"again\"}").post(path).then().statusCode(403).contentType("application/problem+json");
        as(Api.PRODUCT_MANAGER).body("{\"reason\":\"again\"}").post(path).then().statusCode(403);
        as(Api.TECH_LEAD).body("{\"reason\":\"the backup volume is mounted again\"}").post(path).then().statusCode(200)
                .body("events", contains("authorization.requested")).body("incident.status", equalTo("AWAITING_AUTHORIZATION"))
                .body("incident.attempts", equalTo(2)).body("incident.approvals.size()", equalTo(0));
        as(Api.TECH_LEAD).body("{\"reason\":\"twice\"}").post(path).then().statusCode(409);

        as(Api.TECH_LEAD).body(form("APPROVE")).post("/api/v1/incidents/" + incident + "/authorizations").then().statusCode(200)
                .body("events", hasItem("rollback.authorized")).body("incident.status", equalTo("AUTHORIZED"));
        List<Integer> attempts = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract()
                .path("findAll { it.type == 'dev.rewind.rollback.authorized' }.data.attempt");
        assertThat(attempts).containsExactly(1, 2);

        UUID id = UUID.fromString(incident);
        executor(new PhaseStarted(UUID.randomUUID(), id, Instant.now(), 1, "Decision and preparation"),
                new StepCompleted(UUID.randomUUID(), id, Instant.now(), 1, "1.2", "Capture diagnostic information", 30, Map.of()),
                new RollbackCompleted(UUID.randomUUID(), id, Instant.now(), deployment, "2.0.0", "1.0.0", 9000, "broken.tar.gz"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESTORED".equals(
                as(Api.ANALYST).get("/api/v1/incidents/" + incident).then().extract().path("status")));

        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/timeline").then().statusCode(200)
                .body("execution.attempts", equalTo(2))
                .body("execution.steps.id", contains("1.2", "2.2", "1.2@2"))
                .body("execution.phases.id", contains("1", "1@2"));
        as(Api.ANALYST).get("/api/v1/incidents?limit=50").then().statusCode(200)
                .body("find { it.id == '" + incident + "' }.attempts", equalTo(2));
        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/postmortem").then().statusCode(200)
                .body(containsString("- Rollback attempts: 2"), containsString("| 1.2@2 |"));
        as(Api.TECH_LEAD).body("{\"reason\":\"again\"}").post(path).then().statusCode(409)
                .body("detail", containsString("only a failed rollback can be tried again; this incident is RESTORED"));
    }

    @Test
    void hostile_bodies_are_refused_naming_the_field() throws Exception {
        String path = "/api/v1/incidents/" + failed(deployment()) + "/rollback-attempts";
        record Body(String json, String field) {
        }
        for (Body body : List.of(new Body("{}", "reason"), new Body("{\"reason\":\"\"}", "reason"),
                new Body("{\"reason\":\"a\\u0000b\"}", "reason"), new Body("{\"reason\":\"a\\u202eb\"}", "reason"),
                new Body("{\"reason\":\"" + "r".repeat(501) + "\"}", "reason"),
                new Body("{\"reason\":\"again\",\"attempt\":7}", "attempt"), new Body("{\"reason\":7}", "reason"),
                new Body("[\"again\"]", null), new Body("again", null))) {
            var response = as(Api.TECH_LEAD).body(body.json()).post(path).then();
            assertThat(response.extract().statusCode()).as(body.json()).isEqualTo(400);
            response.contentType("application/problem+json");
            if (body.field() != null) {
                assertThat(response.extract().<String>path("field")).as(body.json()).isEqualTo(body.field());
            }
        }
        as(Api.TECH_LEAD).body("{\"reason\":\"again\"}").post("/api/v1/incidents/" + UUID.randomUUID() + "/rollback-attempts")
                .then().statusCode(404);
        io.restassured.RestAssured.given().body("{\"reason\":\"again\"}").post(path).then().statusCode(401);
    }

    /** A tier-2 incident a tech lead authorized, whose rollback the executor reports failed at 2.2, nothing swapped. */
    static String failed(String deployment) throws Exception {
        String incident = as(Api.PUBLISHER).body(signal(deployment, "users_blocked", 9, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
        as(Api.TECH_LEAD).body(form("APPROVE")).post("/api/v1/incidents/" + incident + "/authorizations").then().statusCode(200);
        UUID id = UUID.fromString(incident);
        executor(new PhaseStarted(UUID.randomUUID(), id, Instant.now(), 1, "Decision and preparation"),
                new StepCompleted(UUID.randomUUID(), id, Instant.now(), 1, "1.2", "Capture diagnostic information", 40, Map.of()),
                new StepFailed(UUID.randomUUID(), id, Instant.now(), 2, "2.2", "Back up the current (broken) version", 5, "disk full"),
                new RollbackFailed(UUID.randomUUID(), id, Instant.now(), deployment, "2.2 failed: disk full", List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "ROLLBACK_FAILED".equals(
                as(Api.ANALYST).get("/api/v1/incidents/" + incident).then().extract().path("status")));
        return incident;
    }

    private static void executor(RewindEvent... events) throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.sendAll(java.util.Arrays.stream(events)
                    .map(e -> new ProducerRecord<>(Topics.PHASES, e.incidentId().toString(), EXECUTOR.encode(e))).toList());
        }
    }
}
