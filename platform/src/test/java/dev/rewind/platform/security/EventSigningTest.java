package dev.rewind.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import dev.rewind.events.Topics;
import dev.rewind.events.codec.EventProof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSigningTest {
    static final KeyPair INCIDENT = EventProof.generate();
    static final KeyPair VERIFIER = EventProof.generate();
    static final KeyPair STRANGER = EventProof.generate();
    static final byte[] VALUE = "{}".getBytes(StandardCharsets.UTF_8);

    final EventSigning incidentService = signing("incident-service", INCIDENT);
    final EventSigning executor = signing("executor-service", null);

    @Test
    void a_signing_service_signs_its_own_topic_and_a_consumer_accepts_it() {
        ProducerRecord<String, byte[]> sent = incidentService.signed(new ProducerRecord<>(Topics.AUTHORIZATIONS, "k", VALUE));
        assertThat(sent.headers().lastHeader(EventProof.SIGNER_HEADER).value()).asString(StandardCharsets.UTF_8).isEqualTo("incident-service");
        assertThat(executor.refusal(received(sent))).isEmpty();
    }

    @Test
    void other_topics_go_out_as_they_are_and_are_not_checked() {
        ProducerRecord<String, byte[]> phase = new ProducerRecord<>(Topics.INCIDENTS, "k", VALUE);
        assertThat(incidentService.signed(phase)).isSameAs(phase);
        assertThat(executor.refusal(received(new ProducerRecord<>(Topics.PHASES, "k", VALUE)))).isEmpty();
    }

    @Test
    void unsigned_stranger_signed_cross_signed_and_pre_signed_records_are_refused_with_the_reason() {
        assertThat(executor.refusal(received(new ProducerRecord<>(Topics.AUTHORIZATIONS, "k", VALUE)))).get().asString()
                .startsWith("unsigned");
        assertThat(executor.refusal(received(signedWith(STRANGER, Topics.AUTHORIZATIONS, "incident-service")))).get().asString()
                .contains("does not verify with incident-service's key").contains("names its signer 'incident-service'");
        assertThat(executor.refusal(received(signedWith(VERIFIER, Topics.AUTHORIZATIONS, "verifier-service")))).as("the verifier cannot authorize")
                .isPresent();
        assertThat(executor.refusal(received(signedWith(INCIDENT, Topics.VERIFICATIONS, "incident-service")))).as("nor incident-service give verdicts")
                .isPresent();
        ProducerRecord<String, byte[]> controlCharacters = signedWith(STRANGER, Topics.AUTHORIZATIONS, "x\n\u001b[31m" + "y".repeat(500));
        assertThat(executor.refusal(received(controlCharacters))).get().asString().doesNotContain("\n").hasSizeLessThan(300);
    }

    @Test
    void a_sender_cannot_keep_its_own_signature_header_through_the_signing_service() {
        ProducerRecord<String, byte[]> preset = signedWith(STRANGER, Topics.AUTHORIZATIONS, "incident-service");
        ProducerRecord<String, byte[]> resigned = incidentService.signed(preset);
        assertThat(resigned.headers().headers(EventProof.SIGNATURE_HEADER)).hasSize(1);
        assertThat(executor.refusal(received(resigned))).isEmpty();
    }

    @Test
    void missing_and_malformed_keys_are_start_up_errors_naming_the_property() {
        EventSigning noTrust = new EventSigning("executor-service", Optional.empty(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> noTrust.requireTrustFor(Topics.AUTHORIZATIONS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rewind.events.trust.incident-service").hasMessageContaining("REWIND_EVENTS_TRUST_INCIDENT_SERVICE");
        noTrust.requireTrustFor(Topics.PHASES);
        EventSigning noKey = new EventSigning("incident-service", Optional.empty(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> noKey.requireSigningKey(null)).hasMessageContaining("REWIND_EVENTS_SIGNING_KEY");
        assertThatThrownBy(() -> noKey.signed(new ProducerRecord<>(Topics.AUTHORIZATIONS, "k", VALUE))).hasMessageContaining("rewind.events.signing-key");
        assertThatThrownBy(() -> new EventSigning("incident-service", Optional.of("not a key"), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rewind.events.signing-key").hasMessageContaining("PKCS #8");
        assertThatThrownBy(() -> new EventSigning("executor-service", Optional.empty(), Optional.of(EventProof.encode(INCIDENT.getPrivate())), Optional.empty()))
                .hasMessageContaining("rewind.events.trust.incident-service");
        new EventSigning("executor-service", Optional.empty(), Optional.empty(), Optional.empty()).requireSigningKey(null);
    }

    private static EventSigning signing(String service, KeyPair own) {
        return new EventSigning(service, Optional.ofNullable(own).map(k -> EventProof.encode(k.getPrivate())),
                Optional.of(EventProof.encode(INCIDENT.getPublic())), Optional.of(EventProof.encode(VERIFIER.getPublic())));
    }

    private static ProducerRecord<String, byte[]> signedWith(KeyPair keys, String topic, String signer) {
        return EventProof.signed(new ProducerRecord<>(topic, "k", VALUE), keys.getPrivate(), signer);
    }

    private static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 0, 7, 0L, TimestampType.CREATE_TIME, 0, 0, sent.key(), sent.value(), sent.headers(),
                Optional.empty());
    }
}
