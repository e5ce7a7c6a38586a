package dev.rewind.executor.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a {@code .tar.gz} whole: to verify it (every entry's data, the gzip CRC and length at the end,
 * the {@code .sha256} sidecar if there is one) or to extract it into an empty staging directory. Both
 * refuse the same hostile entries: names that escape ({@code ..}, absolute), links pointing outside,
 * writes through a link, devices and FIFOs, and absurd sizes or compression ratios. Extraction writes
 * the files on a second thread ({@link TreeWriter}) while this one inflates and checks.
 */
public final class ArchiveReader {
    private static final int BUFFER = 1 << 18;

    /** Bounds on what an archive may unpack to. */
    public record Limits(long maxTotalBytes, long maxEntries, long maxRatio) {
        public static final Limits DEFAULT = new Limits(20L << 30, 2_000_000, 200);
    }

    public record Contents(int files, long bytes, String sha256) {
    }

    private ArchiveReader() {
    }

    public static Contents verify(Path archive, Limits limits) throws IOException {
        return read(archive, null, limits);
    }

    /** Extracts into {@code destination}, which must be empty or missing; on any error it is left for the caller to delete. */
    public static Contents extract(Path archive, Path destination, Limits limits) throws IOException {
        Files.createDirectories(destination);
        return read(archive, destination.toAbsolutePath().normalize(), limits);
    }

    private static Contents read(Path archive, Path destination, Limits limits) throws IOException {
        long compressedSize = Files.size(archive);
        String expected = Digests.readSidecar(archive);
        MessageDigest digest = Digests.sha256();
        int files = 0;
        Set<Path> links = new HashSet<>();
        long total = 0;
        long entries = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream file = Files.newInputStream(archive);
             // digest under the buffer: the gzip reader's mark/reset must not feed bytes to the digest twice
             InputStream digesting = new BufferedInputStream(new DigestInputStream(file, digest), BUFFER);
             GzipCompressorInputStream gzip = new GzipCompressorInputStream(digesting, true);
             TarArchiveInputStream tar = new TarArchiveInputStream(gzip);
             TreeWriter writer = destination == null ? null : new TreeWriter()) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > limits.maxEntries()) {
                    throw new HostileArchiveException(archive + ": more than " + limits.maxEntries() + " entries");
                }
                String name = checkedName(entry.getName());
                Path relative = Path.of(name);
                Path target = destination == null ? null : inside(destination, relative, entry.getName());
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    throw new HostileArchiveException(entry.getName() + ": device files and FIFOs are refused");
                }
                checkNotThroughLink(links, relative, entry.getName());
                if (entry.isSymbolicLink()) {
                    checkLink(relative, entry.getLinkName(), entry.getName(), true);
                    links.add(relative);
                    if (writer != null) {
                        writer.symbolicLink(target, Path.of(entry.getLinkName()));
                    }
                    continue;
                }
                if (entry.isLink()) {
                    Path linked = checkLink(relative, entry.getLinkName(), entry.getName(), false);
                    if (writer != null) {
                        writer.hardLink(target, destination.resolve(linked));
                    }
                    continue;
                }
                if (entry.isDirectory()) {
                    if (writer != null) {
                        writer.directory(target);
                    }
                    continue;
                }
                if (!entry.isFile()) {
                    throw new HostileArchiveException(entry.getName() + ": unsupported entry type");
                }
                if (entry.getSize() < 0 || total + entry.getSize() > limits.maxTotalBytes()) {
                    throw new HostileArchiveException(entry.getName() + ": unpacks beyond " + limits.maxTotalBytes() + " bytes");
                }
                total += writer == null ? copy(tar, OutputStream.nullOutputStream(), buffer) : extract(tar, entry, target, writer, buffer);
                if (total > limits.maxRatio() * compressedSize + (16L << 20)) {
                    throw new HostileArchiveException(archive + ": unpacks to more than " + limits.maxRatio()
                            + " times its size (a compression bomb?)");
                }
                files++;
            }
            drain(gzip, buffer);
            drain(digesting, buffer);
        }
        String actual = Digests.hex(digest);
        if (expected != null && !expected.equals(actual)) {
            throw new IOException(archive + ": SHA-256 " + actual + " does not match its .sha256 sidecar " + expected);
        }
        return new Contents(files, total, actual);
    }

    private static String checkedName(String raw) throws HostileArchiveException {
        String name = raw;
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        if (name.isEmpty() || name.equals(".")) {
            return ".";
        }
        if (name.startsWith("/") || name.indexOf('\0') >= 0 || name.matches("^[A-Za-z]:.*")) {
            throw new HostileArchiveException(raw + ": absolute paths are refused");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new HostileArchiveException(raw + ": '..' would escape the target");
            }
        }
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    private static Path inside(Path destination, Path relative, String raw) throws HostileArchiveException {
        Path target = destination.resolve(relative).normalize();
        if (!target.startsWith(destination)) {
            throw new HostileArchiveException(raw + ": resolves outside the target");
        }
        return target;
    }

    /** A link must resolve inside the tree: relative to its directory (symbolic) or to the root (hard). */
    private static Path checkLink(Path relative, String linkName, String raw, boolean symbolic) throws HostileArchiveException {
        if (linkName == null || linkName.isEmpty() || linkName.startsWith("/")) {
            throw new HostileArchiveException(raw + ": a link to an absolute path (" + linkName + ") is refused");
        }
        Path base = symbolic ? (relative.getParent() == null ? Path.of("") : relative.getParent()) : Path.of("");
        Path resolved = base.resolve(linkName).normalize();
        if (resolved.startsWith("..") || resolved.isAbsolute()) {
            throw new HostileArchiveException(raw + ": link to " + linkName + " points outside the target");
        }
        return resolved;
    }

    private static void checkNotThroughLink(Set<Path> links, Path relative, String raw) throws HostileArchiveException {
        for (Path parent = relative.getParent(); parent != null; parent = parent.getParent()) {
            if (links.contains(parent)) {
                throw new HostileArchiveException(raw + ": would be written through the link " + parent);
            }
        }
    }

    /** Hands a file to the writer whole, or, if it is large, waits for the writer and streams it here. */
    private static long extract(TarArchiveInputStream tar, TarArchiveEntry entry, Path target, TreeWriter writer, byte[] buffer)
            throws IOException {
        FileTime modified = FileTime.from(entry.getModTime().toInstant());
        if (entry.getSize() <= TreeWriter.MAX_BUFFERED_FILE) {
            byte[] content = tar.readNBytes((int) entry.getSize());
            if (content.length != entry.getSize()) {
                throw new IOException(entry.getName() + ": the archive ends inside this file");
            }
            writer.file(new TreeWriter.File(target, content, content.length, entry.getMode(), modified));
            return content.length;
        }
        writer.drain();
        Files.createDirectories(target.getParent());
        long size;
        try (OutputStream out = Files.newOutputStream(target)) {
            size = copy(tar, out, buffer);
        }
        TreeWriter.finish(target, entry.getMode(), modified);
        return size;
    }

    private static long copy(InputStream in, OutputStream out, byte[] buffer) throws IOException {
        long size = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            size += read;
        }
        return size;
    }

    /**
     * Reads what the tar reader left unread: the gzip stream to its end (which checks the trailer's CRC
     * and length), then the raw file, so the SHA-256 covers every byte.
     */
    private static void drain(InputStream in, byte[] buffer) throws IOException {
        while (in.read(buffer) >= 0) {
            // the sha256 must cover every byte of the file
        }
    }
}
