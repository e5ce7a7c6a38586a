package dev.rewind.executor.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers and the {@code .sha256} sidecar in sha256sum's format. */
public final class Digests {
    private Digests() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
        }
        return hex(digest);
    }

    public static Path sidecar(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".sha256");
    }

    public static void writeSidecar(Path archive, String sha256) throws IOException {
        Durable.writeString(sidecar(archive), sha256 + "  " + archive.getFileName() + "\n");
    }

    /** The hash recorded in the sidecar, or {@code null} when there is none. */
    public static String readSidecar(Path archive) throws IOException {
        Path sidecar = sidecar(archive);
        if (!Files.exists(sidecar)) {
            return null;
        }
        String text = Files.readString(sidecar).trim();
        int space = text.indexOf(' ');
        return (space < 0 ? text : text.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
    }
}
