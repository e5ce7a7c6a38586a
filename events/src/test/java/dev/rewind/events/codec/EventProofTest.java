package dev.rewind.events.codec;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.rewind.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventProofTest {
    static final KeyPair KEYS = EventProof.generate();
    static final KeyPair OTHER = EventProof.generate();
    static final byte[] VALUE = "{\"type\":\"dev.rewind.rollback.authorized\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_signature_verifies_only_for_the_same_topic_key_value_and_key_pair() {
        String signature = EventProof.sign(KEYS.getPrivate(), Topics.AUTHORIZATIONS, "k", VALUE);
        assertThat(EventProof.verifies(KEYS.getPublic(), Topics.AUTHORIZATIONS, "k", VALUE, signature)).isTrue();
        assertThat(EventProof.verifies(OTHER.getPublic(), Topics.AUTHORIZATIONS, "k", VALUE, signature)).isFalse();
        assertThat(EventProof.verifies(KEYS.getPublic(), Topics.VERIFICATIONS, "k", VALUE, signature)).as("moved to another topic").isFalse();
        assertThat(EventProof.verifies(KEYS.getPublic(), Topics.AUTHORIZATIONS, "k2", VALUE, signature)).as("re-keyed").isFalse();
        assertThat(EventProof.verifies(KEYS.getPublic(), Topics.AUTHORIZATIONS, null, VALUE, signature)).as("key dropped").isFalse();
        byte[] altered = VALUE.clone();
        altered[3] ^= 1;
        assertThat(EventProof.verifies(KEYS.getPublic(), Topics.AUTHORIZATIONS, "k", altered, signature)).isFalse();
    }

    @Test
    void fields_cannot_be_shifted_between_topic_key_and_value() {
        String signature = EventProof.sign(KEYS.getPrivate(), "ab", "c", "d".getBytes(StandardCharsets.UTF_8));
        assertThat(EventProof.verifies(KEYS.getPublic(), "a", "bc", "d".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(EventProof.verifies(KEYS.getPublic(), "ab", "", "cd".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @Test
    void garbage_signatures_are_false_never_an_exception() {
        for (String garbage : new String[] {"", "not base64 !", "AAAA", Base64.getEncoder().encodeToString(new byte[64]),
                Base64.getEncoder().encodeToString(new byte[10_000])}) {
            assertThat(EventProof.verifies(KEYS.getPublic(), Topics.AUTHORIZATIONS, "k", VALUE, garbage)).as(garbage).isFalse();
        }
    }

    @Test
    void keys_round_trip_as_base64_and_pem_and_malformed_ones_are_refused_clearly() {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + EventProof.encode(KEYS.getPublic()) + "\n-----END PUBLIC KEY-----\n";
        assertThat(EventProof.publicKey(pem)).isEqualTo(KEYS.getPublic());
        assertThat(EventProof.privateKey(EventProof.encode(KEYS.getPrivate())).getEncoded()).isEqualTo(KEYS.getPrivate().getEncoded());
        assertThatThrownBy(() -> EventProof.publicKey("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X.509");
        assertThatThrownBy(() -> EventProof.publicKey("%%%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventProof.publicKey(EventProof.encode(KEYS.getPrivate()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventProof.privateKey(EventProof.encode(KEYS.getPublic())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS #8");
    }

    @Test
    void the_topics_the_executor_acts_on_name_their_signer_and_no_other_topic_does() {
        assertThat(EventProof.signerOf(Topics.AUTHORIZATIONS)).contains(EventProof.INCIDENT_SERVICE);
        assertThat(EventProof.signerOf(Topics.VERIFICATIONS)).contains(EventProof.VERIFIER_SERVICE);
        assertThat(EventProof.signerOf(Topics.PHASES)).isEmpty();
        assertThat(EventProof.signerOf(Topics.deadLetterTopic(Topics.AUTHORIZATIONS))).isEmpty();
    }
}
