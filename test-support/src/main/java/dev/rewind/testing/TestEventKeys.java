package dev.rewind.testing;

import java.security.KeyPair;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.rewind.events.codec.EventProof;

/**
 * The event-signing keys of a test JVM, made fresh for each run (as {@link TestTokens}' are): incident-service's and
 * verifier-service's, which the services under test use and trust, and a stranger's that nobody trusts.
 */
public final class TestEventKeys {
    private static final KeyPair INCIDENT = EventProof.generate();
    private static final KeyPair VERIFIER = EventProof.generate();
    private static final KeyPair STRANGER = EventProof.generate();

    private TestEventKeys() {
    }

    /**
     * For a {@code @QuarkusTest}: the trusted public keys, and each signing service's private key under
     * {@code rewind.test.events.signing-key.<service>}, which that service's test profile takes as its own.
     */
    public static Map<String, String> testConfiguration() {
        return Map.of(
                "rewind.events.trust." + EventProof.INCIDENT_SERVICE, EventProof.encode(INCIDENT.getPublic()),
                "rewind.events.trust." + EventProof.VERIFIER_SERVICE, EventProof.encode(VERIFIER.getPublic()),
                "rewind.test.events.signing-key." + EventProof.INCIDENT_SERVICE, EventProof.encode(INCIDENT.getPrivate()),
                "rewind.test.events.signing-key." + EventProof.VERIFIER_SERVICE, EventProof.encode(VERIFIER.getPrivate()));
    }

    /** For a service run as a process: its environment, with its own signing key when it is a signing service. */
    public static Map<String, String> environment(String service) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "REWIND_EVENTS_TRUST_INCIDENT_SERVICE", EventProof.encode(INCIDENT.getPublic()),
                "REWIND_EVENTS_TRUST_VERIFIER_SERVICE", EventProof.encode(VERIFIER.getPublic())));
        switch (service) {
            case EventProof.INCIDENT_SERVICE -> environment.put("REWIND_EVENTS_SIGNING_KEY", EventProof.encode(INCIDENT.getPrivate()));
            case EventProof.VERIFIER_SERVICE -> environment.put("REWIND_EVENTS_SIGNING_KEY", EventProof.encode(VERIFIER.getPrivate()));
            default -> {
            }
        }
        return environment;
    }

    /** The record as its topic's producer would send it: signed by that service's key (a topic without a signer: as it is). */
    public static ProducerRecord<String, byte[]> signedByProducer(ProducerRecord<String, byte[]> record) {
        return EventProof.signerOf(record.topic())
                .map(signer -> signed(record, signer.equals(EventProof.INCIDENT_SERVICE) ? INCIDENT : VERIFIER, signer))
                .orElse(record);
    }

    /** The record signed by a key nobody trusts, naming {@code claimedSigner} as its signer. */
    public static ProducerRecord<String, byte[]> signedByStranger(ProducerRecord<String, byte[]> record, String claimedSigner) {
        return signed(record, STRANGER, claimedSigner);
    }

    private static ProducerRecord<String, byte[]> signed(ProducerRecord<String, byte[]> record, KeyPair keys, String signer) {
        return EventProof.signed(record, keys.getPrivate(), signer);
    }
}
