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
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a {@code .tar.gz} whole: to verify it (every entry's data, the gzip CRC and length at the end,
 * the {@code .sha256} sidecar if there is one) or to extract it into an empty staging directory. Both
 * refuse the same hostile archives ({@link EntryRules}: names that escape, control characters, duplicates,
 * entries under links or files, hard links to anything but a file already written, symbolic links that
 * resolve outside through any chain; and devices, FIFOs, absurd sizes or compression ratios).
 * Extraction writes the files on a second thread ({@link TreeWriter}) while this one inflates and
 * checks; files are created new, never through a link, and the symbolic links last.
 */
public final class ArchiveReader {
    private static final int BUFFER = 1 << 18;

    /** Bounds on what an archive may unpack to. */
    public record Limits(long maxTotalBytes, long maxEntries, long maxRatio) {
        public static final Limits DEFAULT = new Limits(20L << 30, 2_000_000, 200);
    }

    /** What an archive holds: files (and bytes) it restores, entries it skips as unmanaged, its SHA-256, its top-level names. */
    public record Contents(int files, long bytes, String sha256, int skipped, Set<String> topLevel) {
        /** Which of {@code names} the archive does not restore at its top level. */
        public List<String> missing(List<String> names) {
            return names.stream().filter(name -> !topLevel.contains(name)).toList();
        }
    }

    private ArchiveReader() {
    }

    public static Contents verify(Path archive, Limits limits) throws IOException {
        return read(archive, null, limits, null);
    }

    /** Verifies as {@link #extract(Path, Path, Limits, TreeSelection)} with {@code selection} would extract: the same refusals. */
    public static Contents verify(Path archive, Limits limits, TreeSelection selection) throws IOException {
        return read(archive, null, limits, selection);
    }

    /** Extracts into {@code destination}, which must be empty or missing; on any error it is left for the caller to delete. */
    public static Contents extract(Path archive, Path destination, Limits limits) throws IOException {
        return extract(archive, destination, limits, null);
    }

    /**
     * Extracts only what {@code selection} manages ({@code null}: everything): an entry under an unmanaged
     * path ({@code .git/hooks/…}, {@code node_modules/…}) is read and checked but not written, since the
     * unmanaged part of the live tree stays as it was; a managed hard link to a skipped file is refused.
     */
    public static Contents extract(Path archive, Path destination, Limits limits, TreeSelection selection) throws IOException {
        Files.createDirectories(destination);
        return read(archive, destination.toAbsolutePath().normalize(), limits, selection);
    }

    private static Contents read(Path archive, Path destination, Limits limits, TreeSelection selection) throws IOException {
        long compressedSize = Files.size(archive);
        String expected = Digests.readSidecar(archive);
        MessageDigest digest = Digests.sha256();
        int files = 0;
        Set<Path> skippedPaths = new HashSet<>();
        Set<String> topLevel = new HashSet<>();
        EntryRules rules = new EntryRules();
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
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    throw new HostileArchiveException(entry.getName() + ": device files and FIFOs are refused");
                }
                EntryRules.Kind kind = entry.isSymbolicLink() ? EntryRules.Kind.SYMBOLIC_LINK : entry.isLink() ? EntryRules.Kind.HARD_LINK
                        : entry.isDirectory() ? EntryRules.Kind.DIRECTORY : entry.isFile() ? EntryRules.Kind.FILE : null;
                if (kind == null) {
                    throw new HostileArchiveException(entry.getName() + ": unsupported entry type");
                }
                Path relative = rules.admit(entry.getName(), kind, entry.getLinkName());
                Path target = destination == null ? null : inside(destination, relative, entry.getName());
                if (kind == EntryRules.Kind.FILE && (entry.getSize() < 0 || total + entry.getSize() > limits.maxTotalBytes())) {
                    throw new HostileArchiveException(entry.getName() + ": unpacks beyond " + limits.maxTotalBytes() + " bytes");
                }
                Path linked = kind == EntryRules.Kind.HARD_LINK ? Path.of(EntryRules.checkedName(entry.getLinkName())) : null;
                if (selection != null && !relative.toString().isEmpty() && !selection.isManaged(relative)
                        && !(kind == EntryRules.Kind.DIRECTORY && selection.mayContainManaged(relative))) {
                    skippedPaths.add(relative);
                    total += copy(tar, OutputStream.nullOutputStream(), buffer);
                } else {
                    if (!relative.toString().isEmpty()) {
                        topLevel.add(relative.getName(0).toString());
                    }
                    if (linked != null && skippedPaths.contains(linked)) {
                        throw new HostileArchiveException(entry.getName() + ": a managed hard link to the unmanaged " + entry.getLinkName());
                    }
                    switch (kind) {
                        case SYMBOLIC_LINK -> {
                            // created last, once every link of the archive is known to stay inside
                        }
                        case HARD_LINK -> {
                            if (writer != null) {
                                writer.hardLink(target, destination.resolve(linked));
                            }
                        }
                        case DIRECTORY -> {
                            if (writer != null) {
                                writer.directory(target);
                            }
                        }
                        case FILE -> {
                            total += writer == null ? copy(tar, OutputStream.nullOutputStream(), buffer) : extract(tar, entry, target, writer, buffer);
                            files++;
                        }
                    }
                }
                // skipped entries count too: a bomb under node_modules/ is still a bomb to inflate
                if (total > limits.maxRatio() * compressedSize + (16L << 20)) {
                    throw new HostileArchiveException(archive + ": unpacks to more than " + limits.maxRatio()
                            + " times its size (a compression bomb?)");
                }
            }
            Map<Path, String> links = rules.symbolicLinks();
            if (writer != null) {
                for (Map.Entry<Path, String> link : links.entrySet()) {
                    if (!skippedPaths.contains(link.getKey())) {
                        writer.symbolicLink(destination.resolve(link.getKey()), Path.of(link.getValue()));
                    }
                }
            }
            drain(gzip, buffer);
            drain(digesting, buffer);
        }
        String actual = Digests.hex(digest);
        if (expected != null && !expected.equals(actual)) {
            throw new IOException(archive + ": SHA-256 " + actual + " does not match its .sha256 sidecar " + expected);
        }
        return new Contents(files, total, actual, skippedPaths.size(), Set.copyOf(topLevel));
    }

    private static Path inside(Path destination, Path relative, String raw) throws HostileArchiveException {
        Path target = destination.resolve(relative).normalize();
        if (!target.startsWith(destination)) {
            throw new HostileArchiveException(raw + ": resolves outside the target");
        }
        return target;
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
        try (OutputStream out = TreeWriter.createNew(target)) {
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
