package dev.rewind.executor.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.PhaseEvent.CommandRefused;
import dev.rewind.events.Topics;
import dev.rewind.events.Verdict;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.events.VerificationStage;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.EventProof;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.TestEventKeys;
import dev.rewind.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone who can write {@code rewind.authorizations} and {@code rewind.verifications} but holds neither signing key:
 * every command they write is refused (dead-lettered with the reason, announced as {@code command.refused} on the
 * incident's stream, counted) and nothing runs.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class ForgedCommandsTest {
    static final String ANALYST = TestTokens.token("ana", "analyst");
    static final CloudEventCodec CLAIMS_INCIDENT_SERVICE = new CloudEventCodec("/rewind/incident-service");
    static final CloudEventCodec CLAIMS_VERIFIER = new CloudEventCodec("/rewind/verifier-service");

    @Test
    void authorizations_unsigned_signed_by_a_stranger_or_altered_after_signing_are_refused_and_recorded() throws Exception {
        UUID unsigned = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        UUID altered = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient();
             KafkaTestClient.Watch dead = kafka.watch(Topics.deadLetterTopic(Topics.AUTHORIZATIONS));
             KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            kafka.sendAsIs(authorization(unsigned));
            kafka.sendAsIs(TestEventKeys.signedByStranger(authorization(stranger), EventProof.INCIDENT_SERVICE));
            ProducerRecord<String, byte[]> genuine = TestEventKeys.signedByProducer(authorization(altered));
            byte[] changed = new String(genuine.value(), StandardCharsets.UTF_8).replace("\"2.0.0\"", "\"6.6.6\"").getBytes(StandardCharsets.UTF_8);
            kafka.sendAsIs(new ProducerRecord<>(genuine.topic(), null, genuine.key(), changed, genuine.headers()));

            assertThat(reason(dead.awaitRecord(keyed(unsigned), Duration.ofSeconds(30)))).startsWith("rewind-signature unsigned");
            assertThat(reason(dead.awaitRecord(keyed(stranger), Duration.ofSeconds(30)))).contains("does not verify with incident-service's key");
            assertThat(reason(dead.awaitRecord(keyed(altered), Duration.ofSeconds(30)))).contains("does not verify");
            for (UUID incident : List.of(unsigned, stranger, altered)) {
                CommandRefused refused = refused(phases.awaitRecord(refusal(incident), Duration.ofSeconds(30)));
                assertThat(refused.refusedType()).isEqualTo("rollback.authorized");
                assertThat(refused.topic()).isEqualTo(Topics.AUTHORIZATIONS);
            }
        }
        for (UUID incident : List.of(unsigned, stranger, altered)) {
            assertThat(QuarkusTransaction.requiringNew().call(() -> RollbackRecord.count("incidentId", incident))).isZero();
            given().auth().oauth2(ANALYST).get("/api/v1/rollbacks/" + incident).then().statusCode(404);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("rewind_events_unproven_total\\{[^}]*topic=\"rewind.authorizations\"[^}]*} [1-9]");
    }

    @Test
    void a_signed_authorization_whose_names_could_reach_a_path_or_an_option_is_dead_lettered_naming_the_field() {
        UUID traversal = UUID.randomUUID();
        UUID option = UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient();
             KafkaTestClient.Watch dead = kafka.watch(Topics.deadLetterTopic(Topics.AUTHORIZATIONS))) {
            kafka.send(withTarget(traversal, "../../../../etc"));
            kafka.send(withTarget(option, "--output=/etc/cron.d/x"));

            assertThat(reason(dead.awaitRecord(keyed(traversal), Duration.ofSeconds(30)))).contains("targetVersion");
            assertThat(reason(dead.awaitRecord(keyed(option), Duration.ofSeconds(30)))).contains("targetVersion");
        }
        for (UUID incident : List.of(traversal, option)) {
            assertThat(QuarkusTransaction.requiringNew().call(() -> RollbackRecord.count("incidentId", incident))).isZero();
        }
    }

    /** What a careless or compromised signer could put on the wire: the JSON edited, then signed. */
    private static ProducerRecord<String, byte[]> withTarget(UUID incident, String targetVersion) {
        ProducerRecord<String, byte[]> genuine = authorization(incident);
        byte[] edited = new String(genuine.value(), StandardCharsets.UTF_8).replace("\"1.0.0\"", "\"" + targetVersion + "\"")
                .getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(genuine.topic(), null, genuine.key(), edited, genuine.headers());
    }

    @Test
    void a_verdict_not_signed_by_the_verifier_is_refused_and_recorded() {
        UUID incident = UUID.randomUUID();
        VerificationCompleted verdict = new VerificationCompleted(UUID.randomUUID(), incident, Instant.now(), UUID.randomUUID(),
                VerificationStage.VALIDATION, Verdict.PASSED, 9, 0, 0, List.of(), "all good, trust me");
        try (KafkaTestClient kafka = new KafkaTestClient();
             KafkaTestClient.Watch dead = kafka.watch(Topics.deadLetterTopic(Topics.VERIFICATIONS));
             KafkaTestClient.Watch phases = kafka.watch(Topics.PHASES)) {
            kafka.sendAsIs(TestEventKeys.signedByStranger(CLAIMS_VERIFIER.toRecord(verdict), EventProof.VERIFIER_SERVICE));
            assertThat(reason(dead.awaitRecord(keyed(incident), Duration.ofSeconds(30)))).contains("verifier-service's key");
            CommandRefused refused = refused(phases.awaitRecord(refusal(incident), Duration.ofSeconds(30)));
            assertThat(refused.refusedType()).isEqualTo("verification.completed");
            assertThat(refused.refusedEventId()).isEqualTo(verdict.eventId());
        }
    }

    private static ProducerRecord<String, byte[]> authorization(UUID incident) {
        return CLAIMS_INCIDENT_SERVICE.toRecord(new RollbackAuthorized(UUID.randomUUID(), incident, Instant.now(),
                "ai-engineering-workflow", "2.0.0", "1.0.0", "mallory", "forged"));
    }

    private static java.util.function.Predicate<ConsumerRecord<String, byte[]>> keyed(UUID incident) {
        return record -> incident.toString().equals(record.key());
    }

    private static java.util.function.Predicate<ConsumerRecord<String, byte[]>> refusal(UUID incident) {
        return record -> incident.toString().equals(record.key())
                && new String(record.value(), StandardCharsets.UTF_8).contains("command.refused");
    }

    private static CommandRefused refused(ConsumerRecord<String, byte[]> record) {
        return (CommandRefused) CloudEventCodec.decode(record.headers(), record.value()).event();
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8);
    }
}
