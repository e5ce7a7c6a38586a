package dev.rewind.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.Origin;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.VerificationStage;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static dev.rewind.incident.Api.as;
import static dev.rewind.incident.Api.deployment;
import static dev.rewind.incident.Api.form;
import static dev.rewind.incident.Api.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class AuthorizationTest {
    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static String tier2Incident() {
        return as(Api.PUBLISHER).body(signal(deployment(), "users_blocked", 8, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202)
                .body("events", contains("incident.opened", "incident.classified", "authorization.requested", "incident.escalated"))
                .extract().path("incidentId");
    }

    @Test
    void an_analyst_gets_403_and_the_attempt_is_recorded_then_a_tech_lead_authorizes() {
        String incident = tier2Incident();
        String path = "/api/v1/incidents/" + incident;

        as(Api.ANALYST).body(form("APPROVE")).post(path + "/authorizations").then().statusCode(403)
                .contentType("application/problem+json");
        as(Api.TECH_LEAD).body(form("APPROVE")).post(path + "/authorizations").then().statusCode(200)
                .body("events", contains("authorization.granted", "rollback.authorized"))
                .body("incident.status", equalTo("AUTHORIZED"));
        as(Api.TECH_LEAD).body(form("APPROVE")).post(path + "/authorizations").then().statusCode(200)
                .body("events", org.hamcrest.Matchers.empty());

        List<String> types = as(Api.ANALYST).get(path + "/events").then().extract().path("type");
        assertThat(types).contains("dev.rewind.authorization.refused").containsOnlyOnce("dev.rewind.authorization.granted");
        List<String> actors = as(Api.ANALYST).get(path + "/events").then().extract().path("data.actor");
        assertThat(actors).contains("ana", "alice");
        List<String> subjects = as(Api.ANALYST).get(path + "/events").then().extract().path("data.actorIdentity.subject");
        List<String> issuers = as(Api.ANALYST).get(path + "/events").then().extract().path("data.actorIdentity.issuer");
        assertThat(subjects).as("events record who, by the token's subject").contains("ana", "alice");
        assertThat(issuers).contains(dev.rewind.testing.TestTokens.ISSUER);
    }

    @Test
    void the_body_cannot_claim_an_identity_or_break_the_form() {
        String path = "/api/v1/incidents/" + tier2Incident();
        as(Api.TECH_LEAD).body(form("APPROVE").replace("\"CRITICAL\"", "\"WHATEVER\"")).post(path + "/authorizations")
                .then().statusCode(400).body("field", equalTo("severity"));
        as(Api.TECH_LEAD).body(form("APPROVE").replace("workflow failure rate 25%", "x".repeat(201)))
                .post(path + "/authorizations").then().statusCode(400).body("field", equalTo("criticalIssue"));
        as(Api.TECH_LEAD).body(form("APPROVE").replace("\"NONE\"", "\"LIKELY\"")).post(path + "/authorizations")
                .then().statusCode(400).body("field", equalTo("dataLossAccepted"));
        as(Api.TECH_LEAD).body(form("MAYBE")).post(path + "/authorizations").then().statusCode(400).body("field", equalTo("decision"));
        as(Api.TECH_LEAD).body(form("APPROVE")).post("/api/v1/incidents/" + UUID.randomUUID() + "/authorizations")
                .then().statusCode(404);
    }

    @Test
    void a_severe_triage_needs_a_tech_lead_and_a_product_manager() {
        String path = "/api/v1/incidents/" + tier2Incident();
        as(Api.TECH_LEAD).body("{\"severity\":\"SEVERE\",\"estimatedFixMinutes\":90}").post(path + "/triage").then()
                .statusCode(200).body("events", contains("incident.triaged", "authorization.requested"))
                .body("incident.decision", equalTo("ROLLBACK"));
        as(Api.TECH_LEAD).body(form("APPROVE")).post(path + "/authorizations").then().statusCode(200)
                .body("events", contains("authorization.granted"));
        as(Api.PRODUCT_MANAGER).body(form("APPROVE")).post(path + "/authorizations").then().statusCode(200)
                .body("events", contains("authorization.granted", "rollback.authorized"));
    }

    @Test
    void a_denial_stops_the_rollback_and_an_acknowledgement_stops_the_escalation() {
        String path = "/api/v1/incidents/" + tier2Incident();
        as(Api.INFRA_LEAD).post(path + "/acknowledgements").then().statusCode(200)
                .body("events", contains("incident.acknowledged"));
        as(Api.INFRA_LEAD).body(form("DENY")).post(path + "/authorizations").then().statusCode(200)
                .body("incident.status", equalTo("DENIED"));
        as(Api.TECH_LEAD).body(form("APPROVE")).post(path + "/authorizations").then().statusCode(409);
    }

    @Test
    void triage_and_assessment_validate_their_bodies() {
        String path = "/api/v1/incidents/" + tier2Incident();
        as(Api.TECH_LEAD).body("{\"severity\":\"HUGE\"}").post(path + "/triage").then().statusCode(400).body("field", equalTo("severity"));
        as(Api.TECH_LEAD).body("{}").post(path + "/triage").then().statusCode(400).body("field", equalTo("severity"));
        as(Api.ANALYST).body("{\"severity\":\"BLOCKING\"}").post(path + "/triage").then().statusCode(403);
        as(Api.TECH_LEAD).body("{\"usersAffected\":-1,\"dataLossAcceptable\":false}").post(path + "/assessment").then()
                .statusCode(400).body("field", equalTo("usersAffected"));
        as(Api.TECH_LEAD).body("""
                {"usersAffected":12,"minutesSinceLastBackup":45,"dataCreatedSinceDeployment":"3 projects",
                 "dataLossAcceptable":true,"customerImpact":"blocked","communicationPlan":"mail at 11:00"}""")
                .post(path + "/assessment").then().statusCode(200).body("events", contains("incident.assessed"));
    }

    @Test
    void a_manual_incident_needs_a_lead_and_a_runbook_reason() {
        String deployment = deployment();
        String body = "{\"deployment\":\"%s\",\"version\":\"2.0.0\",\"reason\":\"REGULATORY_COMPLIANCE\",\"description\":\"GDPR\"}"
                .formatted(deployment);
        as(Api.ANALYST).body(body).post("/api/v1/incidents").then().statusCode(403);
        as(Api.TECH_LEAD).body(body.replace("REGULATORY_COMPLIANCE", "BORED")).post("/api/v1/incidents").then()
                .statusCode(400).body("field", equalTo("reason"));
        as(Api.TECH_LEAD).body(body).post("/api/v1/incidents").then().statusCode(201).body("status", equalTo("MONITORING"));
        as(Api.TECH_LEAD).body(body).post("/api/v1/incidents").then().statusCode(409);
    }

    @Test
    void events_of_other_services_join_the_stream_once_and_move_the_status() {
        String incident = as(Api.PUBLISHER).body(signal(deployment(), "database_corruption", 1, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
        UUID id = UUID.fromString(incident);
        CloudEventCodec executor = new CloudEventCodec("/rewind/executor-service");
        PhaseStarted started = new PhaseStarted(UUID.randomUUID(), id, Instant.now(), 1, "Preparation");
        ProducerRecord<String, byte[]> record = executor.toRecord(started);
        kafka.send(record);
        kafka.send(record);
        kafka.send(executor.toRecord(new VerificationRequested(UUID.randomUUID(), id, Instant.now(), UUID.randomUUID(),
                VerificationStage.VALIDATION, "d", "/srv/d", "1.0.0")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(Api.ANALYST).get("/api/v1/incidents/" + incident).then().body("status", equalTo("VERIFYING")));
        List<String> ids = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract().path("id");
        assertThat(ids).containsOnlyOnce(started.eventId().toString());
        as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then()
                .body("source", hasItem("/rewind/executor-service"));
    }

    @Test
    void an_incident_or_authorization_event_forged_by_someone_else_is_refused_and_blocks_nothing() {
        String incident = as(Api.PUBLISHER).body(signal(deployment(), "users_blocked", 9, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
        UUID id = UUID.fromString(incident);
        CloudEventCodec forger = new CloudEventCodec("/somebody/else");
        RollbackAuthorized forged = new RollbackAuthorized(UUID.randomUUID(), id, Instant.now(), "d", "2.0.0", "1.0.0", "mallory", null);
        kafka.send(forger.toRecord(forged));
        kafka.send(forger.toRecord(new IncidentOpened(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), deployment(), "2.0.0",
                Origin.SIGNAL, null, null, "mallory")));
        PhaseStarted after = new PhaseStarted(UUID.randomUUID(), id, Instant.now(), 1, "Preparation");
        kafka.send(new CloudEventCodec("/rewind/executor-service").toRecord(after));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract().<List<String>>path("id"))
                .contains(after.eventId().toString()).doesNotContain(forged.eventId().toString()));
        List<String> types = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().extract().path("type");
        assertThat(types).doesNotContain("dev.rewind.rollback.authorized");
    }
}
