package dev.rewind.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class RollbackAuthorizedTest {
    static final String ANALYST = TestTokens.token("ana", "analyst");

    @Test
    void the_same_authorization_delivered_twice_and_a_second_one_make_one_rollback() {
        UUID incident = UUID.randomUUID();
        CloudEventCodec incidents = new CloudEventCodec("/rewind/incident-service");
        RollbackAuthorized authorized = new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(),
                "ai-engineering-workflow", "2.0.0", "1.0.0", "policy:tier1", "tier 1");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(incidents.toRecord(authorized));
            kafka.send(incidents.toRecord(authorized));
            kafka.send(incidents.toRecord(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(),
                    "ai-engineering-workflow", "2.0.0", "1.0.0", "alice", "again")));
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().auth().oauth2(ANALYST).get("/api/v1/rollbacks/" + incident).then().statusCode(200)
                        .body("authorizedBy", equalTo("policy:tier1")).body("status", equalTo("FAILED"))
                        .body("failure", org.hamcrest.Matchers.containsString("not in the deployments file")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> RollbackRecord.count("incidentId", incident)) == 1);
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                ((RollbackRecord) RollbackRecord.findById(incident)).authorizedBy)).isEqualTo("policy:tier1");
    }

    @Test
    void an_unknown_rollback_is_404_and_reading_needs_a_token() {
        given().auth().oauth2(ANALYST).get("/api/v1/rollbacks/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/api/v1/rollbacks/" + UUID.randomUUID()).then().statusCode(401);
    }
}
