package dev.rewind.events.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.rewind.events.Topics;

/**
 * Proof of the producing service: an Ed25519 signature over a record's topic, key and value, carried in the
 * headers {@value #SIGNATURE_HEADER} and {@value #SIGNER_HEADER}. The records of {@link Topics#AUTHORIZATIONS}
 * must be signed by incident-service and those of {@link Topics#VERIFICATIONS} by verifier-service; a CloudEvent
 * {@code source} proves nothing, anyone who can write the topic can set it. Keys travel as base64 (PKCS #8 for a
 * private key, X.509 SubjectPublicKeyInfo for a public one), PEM armour allowed.
 */
public final class EventProof {
    public static final String SIGNATURE_HEADER = "rewind-signature";
    public static final String SIGNER_HEADER = "rewind-signer";
    public static final String ALGORITHM = "Ed25519";
    public static final String INCIDENT_SERVICE = "incident-service";
    public static final String VERIFIER_SERVICE = "verifier-service";

    private static final Map<String, String> SIGNER_OF_TOPIC = Map.of(
            Topics.AUTHORIZATIONS, INCIDENT_SERVICE,
            Topics.VERIFICATIONS, VERIFIER_SERVICE);

    /** The service whose signature a record of this topic must carry; empty for a topic that needs none. */
    public static Optional<String> signerOf(String topic) {
        return Optional.ofNullable(SIGNER_OF_TOPIC.get(topic));
    }

    public static String sign(PrivateKey key, String topic, String recordKey, byte[] value) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(signedBytes(topic, recordKey, value));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an " + ALGORITHM + " key: " + e.getMessage(), e);
        }
    }

    /**
     * The record with the key's signature and {@code signer} in its headers; signature headers it already had
     * (whoever set them) are dropped, so a record carries exactly one.
     */
    public static ProducerRecord<String, byte[]> signed(ProducerRecord<String, byte[]> record, PrivateKey key, String signer) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().equals(SIGNATURE_HEADER) && !header.key().equals(SIGNER_HEADER)) {
                headers.add(header);
            }
        }
        headers.add(SIGNATURE_HEADER, sign(key, record.topic(), record.key(), record.value()).getBytes(StandardCharsets.UTF_8));
        headers.add(SIGNER_HEADER, signer.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), record.value(), headers);
    }

    /** Whether {@code signature} (base64, as in the header) is the key's signature of the record. */
    public static boolean verifies(PublicKey key, String topic, String recordKey, byte[] value, String signature) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signedBytes(topic, recordKey, value));
            return verifier.verify(raw);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        }
    }

    public static PrivateKey privateKey(String text) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(unarmoured(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 PKCS #8 " + ALGORITHM + " private key", e);
        }
    }

    public static PublicKey publicKey(String text) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(unarmoured(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 " + ALGORITHM + " public key", e);
        }
    }

    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Topic, key and value, each length-prefixed, so no two different records sign the same bytes. */
    private static byte[] signedBytes(String topic, String recordKey, byte[] value) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] k = recordKey == null ? new byte[0] : recordKey.getBytes(StandardCharsets.UTF_8);
        byte[] v = value == null ? new byte[0] : value;
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(12 + t.length + k.length + v.length);
        bytes.putInt(t.length).put(t).putInt(recordKey == null ? -1 : k.length).put(k).putInt(v.length).put(v);
        return bytes.array();
    }

    private static byte[] unarmoured(String text) {
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        if (body.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return Base64.getDecoder().decode(body);
    }

    private EventProof() {
    }
}
