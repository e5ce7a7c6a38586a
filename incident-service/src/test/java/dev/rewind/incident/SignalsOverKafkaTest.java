package dev.rewind.incident;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.events.Signal;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static dev.rewind.incident.Api.as;
import static dev.rewind.incident.Api.deployment;
import static dev.rewind.incident.Api.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class SignalsOverKafkaTest {
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
    void a_bare_signal_object_opens_an_incident() {
        String deployment = deployment();
        kafka.send(new ProducerRecord<>(Topics.SIGNALS, deployment,
                signal(deployment, "users_blocked", 3, Instant.now()).getBytes(StandardCharsets.UTF_8)));
        awaitIncidentOf(deployment);
    }

    @Test
    void a_structured_signal_opens_an_incident() {
        String deployment = deployment();
        Signal signal = new Signal(deployment, "2.0.0", "users_blocked", 3, Instant.now(), null);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SIGNALS, deployment,
                new CloudEventCodec("/monitoring").encodeSignal(signal));
        record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        kafka.send(record);
        awaitIncidentOf(deployment);
    }

    @Test
    void a_binary_signal_from_kcat_opens_an_incident() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/kcat").canExecute(), "kcat is not installed");
        String deployment = deployment();
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", LocalInfra.BOOTSTRAP, "-t", Topics.SIGNALS, "-k", deployment,
                "-H", "ce_specversion=1.0", "-H", "ce_id=" + UUID.randomUUID(), "-H", "ce_source=/monitoring/kcat",
                "-H", "ce_type=dev.rewind.signal", "-H", "content-type=application/json")
                .redirectErrorStream(true).start();
        kcat.getOutputStream().write(signal(deployment, "users_blocked", 4, Instant.now()).getBytes(StandardCharsets.UTF_8));
        kcat.getOutputStream().close();
        assertThat(kcat.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes())).isZero();
        awaitIncidentOf(deployment);
    }

    @Test
    void bad_signals_go_to_the_dead_letter_topic_as_received_and_the_consumer_goes_on() {
        String deployment = deployment();
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] unknownMetric = signal(deployment, "cpu_temperature", 90, Instant.now()).getBytes(StandardCharsets.UTF_8);
        try (KafkaTestClient.Watch dlq = kafka.watch(Topics.SIGNALS_DLQ)) {
            kafka.send(new ProducerRecord<>(Topics.SIGNALS, deployment, garbage));
            kafka.send(new ProducerRecord<>(Topics.SIGNALS, deployment, unknownMetric));
            kafka.send(new ProducerRecord<>(Topics.SIGNALS, deployment,
                    signal(deployment, "users_blocked", 3, Instant.now()).getBytes(StandardCharsets.UTF_8)));

            ConsumerRecord<String, byte[]> first = dlq.awaitRecord(r -> deployment.equals(r.key())
                    && new String(r.value(), StandardCharsets.UTF_8).equals("{not json"), Duration.ofSeconds(15));
            assertThat(new String(first.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                    .contains("not valid JSON");
            ConsumerRecord<String, byte[]> second = dlq.awaitRecord(r -> deployment.equals(r.key())
                    && new String(r.value(), StandardCharsets.UTF_8).contains("cpu_temperature"), Duration.ofSeconds(15));
            assertThat(second.value()).isEqualTo(unknownMetric);
            assertThat(new String(second.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                    .startsWith("metric ");
        }
        awaitIncidentOf(deployment);
    }

    @Test
    void a_failure_rate_held_above_20_percent_for_5_minutes_becomes_tier_1_from_the_samples_times() {
        String deployment = deployment();
        Instant start = Instant.now().minusSeconds(600);
        for (int minute = 0; minute <= 5; minute++) {
            kafka.send(new ProducerRecord<>(Topics.SIGNALS, deployment, signal(deployment, "workflow_failure_rate", 0.25,
                    start.plusSeconds(60L * minute)).getBytes(StandardCharsets.UTF_8)));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(Api.ANALYST).queryParam("status", "AUTHORIZED").get("/api/v1/incidents").then().statusCode(200)
                        .body("deployment", hasItem(deployment)));
    }

    static void awaitIncidentOf(String deployment) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(Api.ANALYST).get("/api/v1/incidents").then().statusCode(200).body("deployment", hasItem(deployment)));
    }
}
