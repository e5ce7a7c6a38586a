package dev.rewind.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

import static dev.rewind.incident.Api.as;
import static dev.rewind.incident.Api.deployment;
import static dev.rewind.incident.Api.form;
import static dev.rewind.incident.Api.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The runbook's "Steps to Redeployment" over REST, against the real broker and database (issue 19, part 4): a rollback
 * completes (the executor's events sent on the phases topic), the gate blocks the rolled-back version, the root cause
 * and three people's sign-offs let the hotfix through, a hotfix resolution ends the redeployment; hostile gate queries
 * and sign-off bodies are refused naming their field.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
@TestProfile(EscalationTest.FastEscalation.class)
class RedeploymentGateTest {
    static final CloudEventCodec EXECUTOR = new CloudEventCodec("/rewind/executor-service");
    static final String QA_LEAD = TestTokens.token("quinn", "qa-lead");
    static final String TECH_AND_QA = TestTokens.token("alice", "tech-lead", "qa-lead");

    @Test
    void a_rolled_back_version_is_blocked_for_good_and_a_hotfix_passes_after_the_root_cause_and_three_sign_offs() throws Exception {
        String deployment = deployment();
        String incident = restored(deployment);

        gate(deployment, "2.0.0").statusCode(409).body("allowed", equalTo(false))
                .body("reasons[0]", containsString("2.0.0 was rolled back by incident " + incident));
        gate(deployment, "1.0.0").statusCode(200).body("allowed", equalTo(true));
        gate(deployment, "2.0.1").statusCode(409)
                .body("missing", contains("FIX_APPROVED", "TESTING_CERTIFIED", "DEPLOYMENT_APPROVED"))
                .body("reasons", hasItem(containsString("root cause analysis of incident " + incident + " is not complete")));

        signOff(Api.TECH_LEAD, incident, "FIX_APPROVED", "2.0.1").statusCode(409);
        as(Api.ANALYST).body("{\"rootCause\":\"agent persona renamed in 2.0.0\"}")
                .post("/api/v1/incidents/" + incident + "/postmortem/notes").then().statusCode(201);

        signOff(TECH_AND_QA, incident, "FIX_APPROVED", "2.0.1").statusCode(200).body("events", contains("hotfix.signed-off"));
        signOff(TECH_AND_QA, incident, "TESTING_CERTIFIED", "2.0.1").statusCode(409).body("field", equalTo("signOff"));
        signOff(Api.PRODUCT_MANAGER, incident, "TESTING_CERTIFIED", "2.0.1").statusCode(403).body("field", equalTo("signOff"));
        signOff(QA_LEAD, incident, "TESTING_CERTIFIED", "2.0.1").statusCode(200);
        gate(deployment, "2.0.1").statusCode(409).body("missing", contains("DEPLOYMENT_APPROVED"));
        signOff(Api.PRODUCT_MANAGER, incident, "DEPLOYMENT_APPROVED", "2.0.1").statusCode(200);

        gate(deployment, "2.0.1").statusCode(200).body("allowed", equalTo(true));
        gate(deployment, "2.0.2").statusCode(409);
        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/postmortem").then().statusCode(200)
                .body(containsString("- Hotfix sign-offs: 2.0.1 FIX_APPROVED by alice (tech-lead)"));

        as(Api.TECH_LEAD).body("{\"reason\":\"HOTFIX_DEPLOYED\",\"summary\":\"not signed\",\"hotfixVersion\":\"2.0.2\"}")
                .post("/api/v1/incidents/" + incident + "/resolution").then().statusCode(409).body("field", equalTo("hotfixVersion"));
        as(Api.TECH_LEAD).body("{\"reason\":\"HOTFIX_DEPLOYED\",\"summary\":\"2.0.1 is out\",\"hotfixVersion\":\"2.0.1\"}")
                .post("/api/v1/incidents/" + incident + "/resolution").then().statusCode(200);
        gate(deployment, "2.1.0").statusCode(200);
        gate(deployment, "2.0.0").statusCode(409);
    }

    @Test
    void sign_offs_before_a_rollback_completed_are_refused_and_a_deployment_without_rollbacks_is_open() {
        String deployment = deployment();
        String incident = as(Api.PUBLISHER).body(signal(deployment, "users_blocked", 9, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
        signOff(Api.TECH_LEAD, incident, "FIX_APPROVED", "2.0.1").statusCode(409).contentType("application/problem+json");
        gate(deployment, "2.0.1").statusCode(200);
        gate(deployment(), "0.0.1").statusCode(200);
    }

    @Test
    void hostile_gate_queries_and_sign_off_bodies_are_refused_naming_the_field() throws Exception {
        String incident = restored(deployment());
        record Hostile(String query, String field) {
        }
        for (Hostile hostile : List.of(new Hostile("/api/v1/deployments/d/gate", "version"),
                new Hostile("/api/v1/deployments/d/gate?version=", "version"),
                new Hostile("/api/v1/deployments/d/gate?version=..%2F..%2Fetc", "version"),
                new Hostile("/api/v1/deployments/d/gate?version=" + "1".repeat(65), "version"),
                new Hostile("/api/v1/deployments/d/gate?version=1.0%00", "version"),
                new Hostile("/api/v1/deployments/UPPER_case/gate?version=1.0.0", "name"),
                new Hostile("/api/v1/deployments/" + "d".repeat(300) + "/gate?version=1.0.0", "name"),
                new Hostile("/api/v1/deployments/%E2%80%AEevil/gate?version=1.0.0", "name"))) {
            var response = as(Api.ANALYST).urlEncodingEnabled(false).get(hostile.query()).then();
            assertThat(response.extract().statusCode()).as(hostile.query()).isEqualTo(400);
            response.contentType("application/problem+json");
            assertThat(response.extract().<String>path("field")).as(hostile.query()).isEqualTo(hostile.field());
        }
        io.restassured.RestAssured.given().get("/api/v1/deployments/d/gate?version=1.0.0").then().statusCode(401);

        String path = "/api/v1/incidents/" + incident + "/sign-offs";
        record Body(String json, String field) {
        }
        for (Body body : List.of(new Body("{}", "signOff"),
                new Body("{\"signOff\":\"ROOT_ACCESS\",\"version\":\"2.0.1\"}", "signOff"),
                new Body("{\"signOff\":\"FIX_APPROVED\"}", "version"),
                new Body("{\"signOff\":\"FIX_APPROVED\",\"version\":\"../2.0.1\"}", "version"),
                new Body("{\"signOff\":\"FIX_APPROVED\",\"version\":\"2.0.0\"}", "version"),
                new Body("{\"signOff\":\"FIX_APPROVED\",\"version\":\"2.0.1\",\"note\":\"a\\u0000b\"}", "note"),
                new Body("{\"signOff\":\"FIX_APPROVED\",\"version\":\"2.0.1\",\"note\":\"" + "n".repeat(4097) + "\"}", "note"),
                new Body("{\"signOff\":\"FIX_APPROVED\",\"version\":\"2.0.1\",\"role\":\"qa-lead\"}", "role"),
                new Body("[\"FIX_APPROVED\"]", null),
                new Body("FIX_APPROVED", null))) {
            var response = as(Api.TECH_LEAD).body(body.json()).post(path).then();
            assertThat(response.extract().statusCode()).as(body.json()).isEqualTo(400);
            response.contentType("application/problem+json");
            if (body.field() != null) {
                assertThat(response.extract().<String>path("field")).as(body.json()).isEqualTo(body.field());
            }
        }
        signOff(Api.TECH_LEAD, UUID.randomUUID().toString(), "FIX_APPROVED", "2.0.1").statusCode(404);
    }

    /** A tier-2 incident a tech lead authorized, whose rollback the executor reports complete: 2.0.0 → 1.0.0. */
    static String restored(String deployment) throws Exception {
        String incident = as(Api.PUBLISHER).body(signal(deployment, "users_blocked", 9, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
        as(Api.TECH_LEAD).body(form("APPROVE")).post("/api/v1/incidents/" + incident + "/authorizations").then().statusCode(200)
                .body("incident.status", equalTo("AUTHORIZED"));
        UUID id = UUID.fromString(incident);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.sendAll(List.of(
                    new ProducerRecord<>(Topics.PHASES, incident, EXECUTOR.encode(new PhaseStarted(UUID.randomUUID(), id, Instant.now(), 1,
                            "Decision and preparation"))),
                    new ProducerRecord<>(Topics.PHASES, incident, EXECUTOR.encode(new RollbackCompleted(UUID.randomUUID(), id, Instant.now(),
                            deployment, "2.0.0", "1.0.0", 8000, "broken.tar.gz")))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESTORED".equals(
                as(Api.ANALYST).get("/api/v1/incidents/" + incident).then().extract().path("status")));
        return incident;
    }

    private static ValidatableResponse gate(String deployment, String version) {
        return as(Api.ANALYST).get("/api/v1/deployments/" + deployment + "/gate?version=" + version).then();
    }

    static ValidatableResponse signOff(String token, String incident, String signOff, String version) {
        return as(token).body("{\"signOff\":\"%s\",\"version\":\"%s\"}".formatted(signOff, version))
                .post("/api/v1/incidents/" + incident + "/sign-offs").then();
    }
}
