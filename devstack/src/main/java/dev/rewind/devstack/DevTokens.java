package dev.rewind.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import dev.rewind.events.Role;

/** Mints tokens signed by the dev-only key pair under {@code dev/}; only the dev profile trusts them. */
public final class DevTokens {
    static final String ISSUER = "https://rewind.dev/issuer";
    /** The audience every Rewind service requires ({@code mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "rewind";
    static final Set<String> ROLES = java.util.Arrays.stream(Role.values()).map(Role::id).collect(java.util.stream.Collectors.toSet());

    private DevTokens() {
    }

    static int print(String[] args) throws Exception {
        if (args.length < 1 || !ROLES.contains(args[0])) {
            System.err.println("usage: token ROLE [NAME]   where ROLE is one of " + ROLES);
            return 2;
        }
        String role = args[0];
        String name = args.length > 1 ? args[1] : "dev-" + role;
        Path key = Path.of(System.getProperty("rewind.dev.key", "dev/jwt-private.pem"));
        System.out.println(sign(readPrivateKey(key), ISSUER, name, Set.of(role), Instant.now(), Duration.ofHours(12)));
        return 0;
    }

    /** A MicroProfile JWT: issuer, audience, upn, groups (the roles), RS256, issued at {@code issuedAt}. */
    public static String sign(PrivateKey key, String issuer, String name, Set<String> roles, Instant issuedAt, Duration lifetime)
            throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(AUDIENCE);
        claims.setSubject(name);
        claims.setClaim("upn", name);
        claims.setStringListClaim("groups", roles.stream().sorted().toList());
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setGeneratedJwtId();
        NumericDate expiry = NumericDate.fromSeconds(issuedAt.getEpochSecond());
        expiry.addSeconds(lifetime.toSeconds());
        claims.setExpirationTime(expiry);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }

    public static PrivateKey readPrivateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem)
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
