package dev.rewind.system;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.ServiceProcess;
import dev.rewind.testing.TestTokens;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * incident-service and executor-service as two separate processes: an event one publishes through the
 * real broker is decoded and acted on by the other.
 */
class CrossServiceTest {
    static ServiceProcess incident;
    static ServiceProcess executor;

    @BeforeAll
    static void start() throws Exception {
        if (!LocalInfra.brokerAnswers(LocalInfra.BOOTSTRAP, Duration.ofSeconds(10))) {
            throw new IllegalStateException("start the broker first: ./rewind infra (./rewind test does it)");
        }
        incident = ServiceProcess.start("incident-service", 18081, Map.of());
        executor = ServiceProcess.start("executor-service", 18082, Map.of());
        incident.awaitReady(Duration.ofSeconds(90));
        executor.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (incident != null) {
            incident.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void a_rollback_authorized_by_incident_service_reaches_executor_service() {
        String deployment = "system-" + UUID.randomUUID().toString().substring(0, 8);
        String incidentId = given().baseUri(incident.url()).auth().oauth2(TestTokens.token("prometheus", "signal-publisher"))
                .contentType("application/json")
                .body("""
                        {"deployment":"%s","version":"2.0.0","metric":"critical_security_vulnerability","value":1,
                         "observedAt":"%s"}""".formatted(deployment, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().baseUri(executor.url()).auth().oauth2(TestTokens.token("ana", "analyst"))
                        .get("/api/v1/rollbacks/" + incidentId).then().statusCode(200)
                        .body("deployment", equalTo(deployment))
                        .body("authorizedBy", equalTo("policy:tier1")));
    }
}
