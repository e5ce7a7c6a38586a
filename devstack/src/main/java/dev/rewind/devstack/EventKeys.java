package dev.rewind.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;

import dev.rewind.events.codec.EventProof;

/**
 * {@code event-keys DIR}: the event-signing key pairs of the services that sign ({@code <service>.key}, base64
 * PKCS #8, mode 0600; {@code <service>.pub}, base64 X.509), made once and kept, so a restarted stack still trusts
 * the events it wrote before. For the local stack only; on Kubernetes they live in a Secret (README).
 */
final class EventKeys {
    static final List<String> SIGNERS = List.of(EventProof.INCIDENT_SERVICE, EventProof.VERIFIER_SERVICE);

    private EventKeys() {
    }

    static int ensure(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String service : SIGNERS) {
            Path key = dir.resolve(service + ".key");
            Path pub = dir.resolve(service + ".pub");
            if (Files.exists(key) && Files.exists(pub)) {
                continue;
            }
            KeyPair pair = EventProof.generate();
            Path partial = dir.resolve(service + ".key.partial");
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, EventProof.encode(pair.getPrivate()) + "\n", StandardCharsets.US_ASCII);
            Files.writeString(pub, EventProof.encode(pair.getPublic()) + "\n", StandardCharsets.US_ASCII);
            Files.move(partial, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return 0;
    }
}
