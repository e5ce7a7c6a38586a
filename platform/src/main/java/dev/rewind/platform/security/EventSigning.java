package dev.rewind.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.rewind.events.Require;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.EventProof;
import io.quarkus.runtime.StartupEvent;

/**
 * This service's side of {@link EventProof}: it signs what it publishes on the topics it must prove (its
 * private key from {@code rewind.events.signing-key}, a secret, so from the environment:
 * {@code REWIND_EVENTS_SIGNING_KEY}) and checks the records it consumes from topics another service proves
 * against that service's public key ({@code rewind.events.trust.incident-service},
 * {@code rewind.events.trust.verifier-service}). A missing or malformed key is a start-up error naming the
 * property, never a silently unsigned or unchecked stream.
 */
@ApplicationScoped
public class EventSigning {
    static final String SIGNING_KEY = "rewind.events.signing-key";
    static final String TRUST = "rewind.events.trust.";

    private final String service;
    private final Optional<PrivateKey> signingKey;
    private final Map<String, Optional<PublicKey>> trusted;

    public EventSigning(@ConfigProperty(name = "quarkus.application.name") String service,
                        @ConfigProperty(name = SIGNING_KEY) Optional<String> signingKey,
                        @ConfigProperty(name = TRUST + EventProof.INCIDENT_SERVICE) Optional<String> incidentKey,
                        @ConfigProperty(name = TRUST + EventProof.VERIFIER_SERVICE) Optional<String> verifierKey) {
        this.service = service;
        this.signingKey = signingKey.filter(key -> !key.isBlank()).map(key -> parsed(SIGNING_KEY, key, EventProof::privateKey));
        this.trusted = Map.of(
                EventProof.INCIDENT_SERVICE, trustKey(EventProof.INCIDENT_SERVICE, incidentKey),
                EventProof.VERIFIER_SERVICE, trustKey(EventProof.VERIFIER_SERVICE, verifierKey));
    }

    /** The record with this service's signature when its topic must carry one; a foreign topic's record as it is. */
    public ProducerRecord<String, byte[]> signed(ProducerRecord<String, byte[]> record) {
        if (!EventProof.signerOf(record.topic()).filter(service::equals).isPresent()) {
            return record;
        }
        PrivateKey key = signingKey.orElseThrow(() -> new IllegalStateException(missingSigningKey(record.topic())));
        return EventProof.signed(record, key, service);
    }

    /** A service that must sign (incident-service, verifier-service) does not start without its key. */
    void requireSigningKey(@Observes StartupEvent startup) {
        for (String topic : Topics.INCIDENT_KEYED) {
            if (EventProof.signerOf(topic).filter(service::equals).isPresent() && signingKey.isEmpty()) {
                throw new IllegalStateException(missingSigningKey(topic));
            }
        }
    }

    /** Fails (naming the property) when this service could not check the records it is about to consume from {@code topic}. */
    public void requireTrustFor(String topic) {
        EventProof.signerOf(topic).ifPresent(signer -> {
            if (trusted.get(signer).isEmpty()) {
                throw new IllegalStateException(TRUST + signer + " (environment " + environmentName(TRUST + signer)
                        + ") is not set: " + service + " consumes " + topic + ", whose records must be proven to come from "
                        + signer + "; set it to " + signer + "'s public key (base64 X.509, see the README, \"Signed events\")");
            }
        });
    }

    /** Why the record is not proven to come from its topic's producer; empty when it is, or when its topic needs no proof. */
    public Optional<String> refusal(ConsumerRecord<String, byte[]> record) {
        Optional<String> signer = EventProof.signerOf(record.topic());
        if (signer.isEmpty()) {
            return Optional.empty();
        }
        String expected = signer.get();
        String signature = lastHeader(record.headers(), EventProof.SIGNATURE_HEADER);
        if (signature == null) {
            return Optional.of("unsigned: " + record.topic() + " records must carry " + expected + "'s signature in "
                    + EventProof.SIGNATURE_HEADER);
        }
        PublicKey key = trusted.get(expected).orElseThrow(() -> new IllegalStateException("no trusted key for " + expected));
        if (!EventProof.verifies(key, record.topic(), record.key(), record.value(), signature)) {
            String claimed = lastHeader(record.headers(), EventProof.SIGNER_HEADER);
            return Optional.of("forged or altered: the signature does not verify with " + expected + "'s key"
                    + (claimed == null ? "" : " (the record names its signer '" + clip(claimed) + "')"));
        }
        return Optional.empty();
    }

    private String missingSigningKey(String topic) {
        return SIGNING_KEY + " (environment " + environmentName(SIGNING_KEY) + ") is not set: " + service + " publishes on "
                + topic + " and every record there must carry its signature; set it to " + service
                + "'s private key (base64 PKCS #8 Ed25519, see the README, \"Signed events\")";
    }

    private static Optional<PublicKey> trustKey(String signer, Optional<String> text) {
        return text.filter(key -> !key.isBlank()).map(key -> parsed(TRUST + signer, key, EventProof::publicKey));
    }

    private static <K> K parsed(String property, String text, java.util.function.Function<String, K> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " (environment " + environmentName(property) + "): " + e.getMessage());
        }
    }

    private static String environmentName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String lastHeader(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String clip(String text) {
        return Require.clip(text.replaceAll("\\p{Cntrl}", "?"), 64);
    }
}
