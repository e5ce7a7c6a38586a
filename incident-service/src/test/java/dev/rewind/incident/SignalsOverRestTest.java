package dev.rewind.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static dev.rewind.incident.Api.as;
import static dev.rewind.incident.Api.deployment;
import static dev.rewind.incident.Api.signal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class SignalsOverRestTest {
    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void a_tier_1_signal_authorizes_a_rollback_published_on_kafka_through_the_outbox() {
        String deployment = deployment();
        try (KafkaTestClient.Watch authorizations = kafka.watch(Topics.AUTHORIZATIONS)) {
            String incident = as(Api.PUBLISHER).body(signal(deployment, "database_corruption", 1, Instant.now()))
                    .post("/api/v1/signals").then().statusCode(202)
                    .body("tier", equalTo(1))
                    .body("events", contains("incident.opened", "incident.classified", "rollback.authorized"))
                    .extract().path("incidentId");

            ConsumerRecord<String, byte[]> record = authorizations.awaitRecord(r -> incident.equals(r.key()), Duration.ofSeconds(10));
            assertThat(CloudEventCodec.decode(record.headers(), record.value()).event())
                    .isInstanceOfSatisfying(RollbackAuthorized.class, authorized -> {
                        assertThat(authorized.actor()).isEqualTo("policy:tier1");
                        assertThat(authorized.deployment()).isEqualTo(deployment);
                    });

            as(Api.ANALYST).get("/api/v1/incidents/" + incident).then().statusCode(200)
                    .body("status", equalTo("AUTHORIZED")).body("tier", equalTo(1));
            as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().statusCode(200)
                    .body("type", contains("dev.rewind.incident.opened", "dev.rewind.incident.classified",
                            "dev.rewind.rollback.authorized"))
                    .body("[0].specversion", equalTo("1.0"))
                    .body("[0].subject", equalTo(incident));
        }
    }

    @Test
    void a_structured_cloud_event_is_accepted_too() {
        String structured = """
                {"specversion":"1.0","id":"%s","source":"/monitoring","type":"dev.rewind.signal",
                 "datacontenttype":"application/json","data":%s}"""
                .formatted(java.util.UUID.randomUUID(), signal(deployment(), "users_blocked", 2, Instant.now()));
        given().auth().oauth2(Api.PUBLISHER).contentType("application/cloudevents+json").body(structured)
                .post("/api/v1/signals").then().statusCode(202).body("tier", equalTo(3));
    }

    @Test
    void a_redelivered_cloud_event_is_taken_once() {
        String deployment = deployment();
        String structured = """
                {"specversion":"1.0","id":"alert-%s","source":"/monitoring/prometheus","type":"dev.rewind.signal",
                 "datacontenttype":"application/json","data":%s}""".formatted(deployment, signal(deployment, "users_blocked", 2, Instant.now()));
        String incident = given().auth().oauth2(Api.PUBLISHER).contentType("application/cloudevents+json").body(structured)
                .post("/api/v1/signals").then().statusCode(202).body("duplicate", equalTo(false)).extract().path("incidentId");
        given().auth().oauth2(Api.PUBLISHER).contentType("application/cloudevents+json").body(structured)
                .post("/api/v1/signals").then().statusCode(202).body("duplicate", equalTo(true));
        given().auth().oauth2(Api.PUBLISHER).contentType("application/cloudevents+json")
                .body(structured.replace("/monitoring/prometheus", "/monitoring/other"))
                .post("/api/v1/signals").then().statusCode(202).body("duplicate", equalTo(false)).body("incidentId", equalTo(incident));
    }

    @Test
    void the_events_page_after_a_position() {
        String incident = as(Api.PUBLISHER).body(signal(deployment(), "users_blocked", 9, Instant.now()))
                .post("/api/v1/signals").then().statusCode(202).extract().path("incidentId");
        List<Integer> positions = as(Api.ANALYST).get("/api/v1/incidents/" + incident + "/events").then().statusCode(200)
                .extract().path("position");
        assertThat(positions).hasSizeGreaterThanOrEqualTo(3).isSorted();
        as(Api.ANALYST).queryParam("after", positions.get(1)).get("/api/v1/incidents/" + incident + "/events")
                .then().statusCode(200).body("position[0]", equalTo(positions.get(2)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON     | {\"deployment\":                                                                     |        | 400",
            "missing field      | {\"deployment\":\"d\",\"version\":\"1\",\"value\":1,\"observedAt\":\"2026-11-25T10:00:00Z\"} | metric | 400",
            "unknown metric     | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"cpu\",\"value\":1,\"observedAt\":\"2026-11-25T10:00:00Z\"} | metric | 422",
            "NaN                | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"users_blocked\",\"value\":\"NaN\",\"observedAt\":\"2026-11-25T10:00:00Z\"} | value | 400",
            "Infinity           | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"users_blocked\",\"value\":1e999,\"observedAt\":\"2026-11-25T10:00:00Z\"} | value | 400",
            "wrong type         | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"users_blocked\",\"value\":[1],\"observedAt\":\"2026-11-25T10:00:00Z\"} | value | 400",
            "bad time           | {\"deployment\":\"d\",\"version\":\"1\",\"metric\":\"users_blocked\",\"value\":1,\"observedAt\":\"noon\"} | observedAt | 400",
    })
    void invalid_signals_get_a_problem_naming_the_field(String name, String body, String field, int status) {
        Response response = as(Api.PUBLISHER).body(body.replace("\"d\"", "\"" + deployment() + "\"")
                .replace("2026-11-25T10:00:00Z", Instant.now().toString())).post("/api/v1/signals");
        response.then().statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
        if (field != null) {
            response.then().body("field", equalTo(field));
        }
    }

    @Test
    void a_one_megabyte_string_is_refused() {
        String body = signal("d", "users_blocked", 1, Instant.now()).replace("\"d\"", "\"" + "x".repeat(1024 * 1024) + "\"");
        as(Api.PUBLISHER).body(body).post("/api/v1/signals").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void tokens_are_checked() {
        String body = signal(deployment(), "users_blocked", 1, Instant.now());
        given().contentType("application/json").body(body).post("/api/v1/signals").then().statusCode(401);
        as(TestTokens.expiredToken("prometheus", "signal-publisher")).body(body).post("/api/v1/signals").then().statusCode(401);
        as(TestTokens.forgedToken("prometheus", "signal-publisher")).body(body).post("/api/v1/signals").then().statusCode(401);
        as(Api.ANALYST).body(body).post("/api/v1/signals").then().statusCode(403);
        as("not.a.token").body(body).post("/api/v1/signals").then().statusCode(401);
        as(TestTokens.issuedAt(Instant.now().plus(Duration.ofDays(1)), "prometheus", "signal-publisher")).body(body)
                .post("/api/v1/signals").then().statusCode(401).body("detail", containsString("iat"));
        as(TestTokens.issuedAt(Instant.now().minus(Duration.ofHours(13)), "prometheus", "signal-publisher")).body(body)
                .post("/api/v1/signals").then().statusCode(401).body("detail", containsString("older"));
        as(TestTokens.issuedAt(Instant.now().plusSeconds(30), "prometheus", "signal-publisher")).body(body)
                .post("/api/v1/signals").then().statusCode(202);
        as(TestTokens.fromIssuer("https://rewind.dev/issuer", "prometheus", "signal-publisher")).body(body)
                .post("/api/v1/signals").then().statusCode(401);
    }

    @Test
    void an_unknown_incident_is_404_with_a_problem() {
        as(Api.ANALYST).get("/api/v1/incidents/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no incident"));
        as(Api.ANALYST).get("/api/v1/incidents/not-a-uuid").then().statusCode(404);
    }
}
