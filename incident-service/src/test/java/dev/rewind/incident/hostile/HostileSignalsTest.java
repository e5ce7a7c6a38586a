package dev.rewind.incident.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus of bad signals, over REST and over Kafka in all three forms: every one refused with a reason
 * (a problem naming the field; a dead letter saying why), none opening an incident; and a valid tier-1
 * signal sent after them is authorized within a second.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class HostileSignalsTest {
    static final String PUBLISHER = TestTokens.token("prometheus", "signal-publisher");
    static final String ANALYST = TestTokens.token("ana", "analyst");
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
    void every_bad_signal_over_rest_is_refused_with_a_problem_naming_the_field() {
        String deployment = "hostile-rest-" + UUID.randomUUID().toString().substring(0, 8);
        List<BadSignals.Case> cases = new ArrayList<>(BadSignals.all(deployment));
        cases.addAll(BadSignals.badEnvelopes(deployment));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(140);
        int incidentsBefore = incidentCount();
        List<String> accepted = new ArrayList<>();
        for (BadSignals.Case bad : cases) {
            String contentType = bad.name().startsWith("cloudevent") ? "application/cloudevents+json" : "application/json";
            Response response = given().auth().oauth2(PUBLISHER).contentType(contentType)
                    .body(bad.json().getBytes(StandardCharsets.UTF_8)).post("/api/v1/signals");
            if (response.statusCode() != bad.status() || !response.contentType().startsWith("application/problem+json")
                    || (bad.field() != null && !bad.field().equals(response.path("field")))) {
                accepted.add(bad.name() + " -> " + response.statusCode() + " " + response.asString());
            }
        }
        assertThat(accepted).as("bad signals not refused as expected").isEmpty();
        assertThat(incidentCount()).isEqualTo(incidentsBefore);
        authorizedWithinASecond("hostile-rest-after-" + UUID.randomUUID().toString().substring(0, 8), false);
    }

    @Test
    void a_one_megabyte_deployment_name_is_413_and_a_huge_body_too() {
        String body = BadSignals.json(BadSignals.valid("x".repeat(1024 * 1024)));
        given().auth().oauth2(PUBLISHER).contentType("application/json").body(body).post("/api/v1/signals")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void every_bad_signal_over_kafka_in_every_form_is_dead_lettered_with_its_reason_and_intake_goes_on() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String deployment = "hostile-kafka-" + run;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        int n = 0;
        for (BadSignals.Case bad : BadSignals.all(deployment)) {
            byte[] json = bad.json().getBytes(StandardCharsets.UTF_8);
            records.add(new ProducerRecord<>(Topics.SIGNALS, "corpus-" + run + "-" + n++, json));
            ProducerRecord<String, byte[]> structured = new ProducerRecord<>(Topics.SIGNALS, "corpus-" + run + "-" + n++,
                    ("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/hostile\",\"type\":\"dev.rewind.signal\","
                            + "\"datacontenttype\":\"application/json\",\"data\":" + bad.json() + "}").getBytes(StandardCharsets.UTF_8));
            structured.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            records.add(structured);
            ProducerRecord<String, byte[]> binary = new ProducerRecord<>(Topics.SIGNALS, "corpus-" + run + "-" + n++, json);
            binary.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            binary.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            binary.headers().add("ce_source", "/hostile/binary".getBytes(StandardCharsets.UTF_8));
            binary.headers().add("ce_type", "dev.rewind.signal".getBytes(StandardCharsets.UTF_8));
            binary.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            binary.headers().add(Topics.ERROR_HEADER, "pre-written by the sender".getBytes(StandardCharsets.UTF_8));
            records.add(binary);
        }
        for (BadSignals.Case bad : BadSignals.badEnvelopes(deployment)) {
            ProducerRecord<String, byte[]> structured = new ProducerRecord<>(Topics.SIGNALS, "corpus-" + run + "-" + n++,
                    bad.json().getBytes(StandardCharsets.UTF_8));
            structured.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            records.add(structured);
        }
        for (String header : List.of("0.3", "", "2.0")) {
            ProducerRecord<String, byte[]> binary = new ProducerRecord<>(Topics.SIGNALS, "corpus-" + run + "-" + n++,
                    BadSignals.json(BadSignals.valid(deployment)).getBytes(StandardCharsets.UTF_8));
            binary.headers().add("ce_specversion", header.getBytes(StandardCharsets.UTF_8));
            binary.headers().add("ce_id", (header.isEmpty() ? "" : UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8));
            binary.headers().add("ce_source", "/hostile".getBytes(StandardCharsets.UTF_8));
            binary.headers().add("ce_type", "dev.rewind.signal".getBytes(StandardCharsets.UTF_8));
            records.add(binary);
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(400);
        int incidentsBefore = incidentCount();

        Set<String> deadLettered = new HashSet<>();
        try (KafkaTestClient.Watch dlq = kafka.watch(Topics.SIGNALS_DLQ)) {
            records.forEach(kafka::send);
            try {
                dlq.awaitRecord(r -> {
                if (r.key() != null && r.key().startsWith("corpus-" + run)) {
                    assertThat(header(r, Topics.ERROR_HEADER)).as("reason of %s", r.key()).isNotBlank().isNotEqualTo("pre-written by the sender");
                    assertThat(header(r, Topics.SERVICE_HEADER)).isEqualTo("incident-service");
                    assertThat(header(r, Topics.ATTEMPTS_HEADER)).isEqualTo("1");
                    assertThat(r.headers().headers(Topics.ERROR_HEADER)).hasSize(1);
                    deadLettered.add(r.key());
                }
                return deadLettered.size() == records.size();
            }, Duration.ofSeconds(90));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                List<String> missing = records.stream().filter(r -> !deadLettered.contains(r.key()))
                        .map(r -> r.key() + " " + r.headers() + " " + new String(r.value(), StandardCharsets.UTF_8)).toList();
                throw new AssertionError("not dead-lettered: " + missing, e);
            }
        }
        assertThat(deadLettered).hasSize(records.size());
        assertThat(incidentCount()).isEqualTo(incidentsBefore);
        authorizedWithinASecond("hostile-kafka-after-" + run, true);
    }

    /** A valid tier-1 signal (database corruption found) is authorized within a second of being sent. */
    private static void authorizedWithinASecond(String deployment, boolean overKafka) {
        String signal = BadSignals.json(BadSignals.valid(deployment)).replace("\"users_blocked\"", "\"database_corruption\"")
                .replace("\"value\":2", "\"value\":1");
        try (KafkaTestClient.Watch authorizations = kafka.watch(Topics.AUTHORIZATIONS)) {
            long sent = System.nanoTime();
            if (overKafka) {
                kafka.send(new ProducerRecord<>(Topics.SIGNALS, deployment, signal.getBytes(StandardCharsets.UTF_8)));
            } else {
                given().auth().oauth2(PUBLISHER).contentType("application/json").body(signal).post("/api/v1/signals")
                        .then().statusCode(202);
            }
            authorizations.awaitRecord(r -> CloudEventCodec.decode(r.headers(), r.value()).event() instanceof RollbackAuthorized a
                    && a.deployment().equals(deployment), Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
        }
    }

    private static int incidentCount() {
        return given().auth().oauth2(ANALYST).get("/api/v1/incidents").then().statusCode(200).extract().path("size()");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name) == null ? null
                : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
