package dev.rewind.executor.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Hand-made {@code .tar.gz} archives for tests: exactly the entries a test writes, hostile ones included. */
public final class Tars {
    public interface EntryWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private Tars() {
    }

    public static Path write(Path archive, EntryWriter writer) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            writer.write(tar);
        }
        return archive;
    }

    public static void file(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    public static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
