package dev.rewind.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;


import dev.rewind.devstack.DevTokens;

/**
 * Tokens for tests, signed by a key pair made fresh for each test JVM: the test profile trusts only
 * that key (never the committed dev key).
 */
public final class TestTokens {
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
        return sign(KEYS, name, Set.of(roles), Duration.ofMinutes(30));
    }

    public static String expiredToken(String name, String... roles) {
        return sign(KEYS, name, Set.of(roles), Duration.ofMinutes(-30));
    }

    /** A well-formed token signed by a key nobody trusts. */
    public static String forgedToken(String name, String... roles) {
        return sign(STRANGER, name, Set.of(roles), Duration.ofMinutes(30));
    }

    private static String sign(KeyPair keys, String name, Set<String> roles, Duration lifetime) {
        try {
            return DevTokens.sign(keys.getPrivate(), name, roles, lifetime);
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
