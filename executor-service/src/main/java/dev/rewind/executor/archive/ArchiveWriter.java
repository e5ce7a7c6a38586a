package dev.rewind.executor.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Archives the managed part of a tree as {@code .tar.gz} — tar by Commons Compress, gzip on every core
 * ({@link ParallelGzipOutputStream}) — streaming and buffered,
 * and writes beside it a {@code .sha256} sidecar and a {@code .manifest} (sha256, size, path per file).
 * The archive is written under a temporary name and renamed into place: it exists whole or not at all.
 */
public final class ArchiveWriter {
    private static final int BUFFER = 1 << 18;
    /** gzip's default: what {@code tar czf} uses. */
    public static final int GZIP_DEFAULT_LEVEL = 6;

    public record Result(Path archive, String sha256, int files, long bytes, long compressedBytes, List<ManifestEntry> manifest) {
    }

    private ArchiveWriter() {
    }

    public static Result write(Path root, TreeSelection selection, Path archive) throws IOException {
        return write(root, selection, archive, GZIP_DEFAULT_LEVEL);
    }

    public static Result write(Path root, TreeSelection selection, Path archive, int gzipLevel) throws IOException {
        Path temporary = archive.resolveSibling(archive.getFileName() + ".partial");
        MessageDigest archiveDigest = Digests.sha256();
        List<ManifestEntry> manifest = new ArrayList<>();
        long[] bytes = {0};
        try (OutputStream file = Files.newOutputStream(temporary);
             DigestOutputStream digesting = new DigestOutputStream(new BufferedOutputStream(file, BUFFER), archiveDigest);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new ParallelGzipOutputStream(digesting, gzipLevel))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            byte[] buffer = new byte[BUFFER];
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path relative = root.relativize(dir);
                    if (!selection.mayContainManaged(relative)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (selection.isManaged(relative)) {
                        TarArchiveEntry entry = new TarArchiveEntry(relative + "/");
                        entry.setModTime(attrs.lastModifiedTime());
                        tar.putArchiveEntry(entry);
                        tar.closeArchiveEntry();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) throws IOException {
                    Path relative = root.relativize(path);
                    if (!selection.isManaged(relative)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = relative.toString();
                    if (attrs.isSymbolicLink()) {
                        TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                        link.setLinkName(Files.readSymbolicLink(path).toString());
                        tar.putArchiveEntry(link);
                        tar.closeArchiveEntry();
                        return FileVisitResult.CONTINUE;
                    }
                    if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    // name, size, mode and time only: an entry made from the Path would also carry creation and
                    // access times as PAX headers, a kilobyte per file that GNU tar warns about
                    TarArchiveEntry entry = new TarArchiveEntry(name);
                    entry.setSize(attrs.size());
                    entry.setModTime(attrs.lastModifiedTime());
                    entry.setMode(0100000 | mode(path));
                    tar.putArchiveEntry(entry);
                    MessageDigest fileDigest = Digests.sha256();
                    long size = 0;
                    try (InputStream in = Files.newInputStream(path)) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            tar.write(buffer, 0, read);
                            fileDigest.update(buffer, 0, read);
                            size += read;
                        }
                    }
                    tar.closeArchiveEntry();
                    bytes[0] += size;
                    manifest.add(new ManifestEntry(name, size, Digests.hex(fileDigest)));
                    return FileVisitResult.CONTINUE;
                }
            });
            tar.finish();
        }
        String sha256 = Digests.hex(archiveDigest);
        Durable.replace(temporary, archive);
        Digests.writeSidecar(archive, sha256);
        writeManifest(manifestOf(archive), manifest);
        return new Result(archive, sha256, manifest.size(), bytes[0], Files.size(archive), List.copyOf(manifest));
    }

    public static Path manifestOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".manifest");
    }

    public static void writeManifest(Path file, List<ManifestEntry> manifest) throws IOException {
        List<String> lines = manifest.stream().sorted(java.util.Comparator.comparing(ManifestEntry::path)).map(ManifestEntry::line).toList();
        Durable.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    private static int mode(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission permission : permissions) {
                mode |= 1 << (8 - permission.ordinal());
            }
            return mode;
        } catch (IOException | UnsupportedOperationException e) {
            return 0644;
        }
    }
}
