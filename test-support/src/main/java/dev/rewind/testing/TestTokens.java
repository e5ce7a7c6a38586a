package dev.rewind.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;


import dev.rewind.devstack.DevTokens;

/**
 * Tokens for tests, signed by a key pair made fresh for each test JVM: the test profile trusts only
 * that key (never the committed dev key).
 */
public final class TestTokens {
    /** The issuer the test profile trusts ({@code %test.mp.jwt.verify.issuer}); processes get it as REWIND_JWT_ISSUER. */
    public static final String ISSUER = "https://rewind.test/issuer";
    private static final KeyPair KEYS = generate();
    private static final KeyPair STRANGER = generate();
    private static final Path PUBLIC_KEY = writePublicKey(KEYS);

    private TestTokens() {
    }

    /** Where the test profile reads the public key from ({@code mp.jwt.verify.publickey.location}). */
    public static String publicKeyLocation() {
        return PUBLIC_KEY.toString();
    }

    public static String token(String name, String... roles) {
        return sign(KEYS, ISSUER, name, Set.of(roles), Instant.now(), Duration.ofHours(2));
    }

    public static String expiredToken(String name, String... roles) {
        return sign(KEYS, ISSUER, name, Set.of(roles), Instant.now().minus(Duration.ofMinutes(60)), Duration.ofMinutes(30));
    }

    /** A well-formed token signed by a key nobody trusts. */
    public static String forgedToken(String name, String... roles) {
        return sign(STRANGER, ISSUER, name, Set.of(roles), Instant.now(), Duration.ofMinutes(30));
    }

    /** A token of the trusted key, issued at {@code issuedAt}, valid for a day from then. */
    public static String issuedAt(Instant issuedAt, String name, String... roles) {
        return sign(KEYS, ISSUER, name, Set.of(roles), issuedAt, Duration.ofDays(2));
    }

    /** A token of the trusted key from another issuer (the dev issuer, say). */
    public static String fromIssuer(String issuer, String name, String... roles) {
        return sign(KEYS, issuer, name, Set.of(roles), Instant.now(), Duration.ofMinutes(30));
    }

    private static String sign(KeyPair keys, String issuer, String name, Set<String> roles, Instant issuedAt, Duration lifetime) {
        try {
            return DevTokens.sign(keys.getPrivate(), issuer, name, roles, issuedAt, lifetime);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePublicKey(KeyPair keys) {
        try {
            Path file = Files.createTempFile("rewind-test-jwt", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
