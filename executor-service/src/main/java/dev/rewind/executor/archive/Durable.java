package dev.rewind.executor.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * On disk before a step says so. A file is fsynced before it is renamed into place and its directory after; a whole
 * extracted tree is flushed with one {@code syncfs(2)} (coreutils {@code sync --file-system}), which writes every
 * file and directory of that file system at the cost of one call instead of one fsync per file; where that command
 * is missing, every file and directory of the tree is fsynced in turn.
 */
public final class Durable {
    private static final Logger LOG = Logger.getLogger(Durable.class);

    private Durable() {
    }

    /** fsync(2) of a regular file or a directory. */
    public static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** An atomic rename, durable: the source is complete on disk before, the directory entry after. */
    public static void move(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        force(target.toAbsolutePath().getParent());
        Path sourceParent = source.toAbsolutePath().getParent();
        if (!sourceParent.equals(target.toAbsolutePath().getParent())) {
            force(sourceParent);
        }
    }

    /** Replaces {@code target} with the complete, fsynced {@code written}. */
    public static void replace(Path written, Path target) throws IOException {
        force(written);
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + written + " to " + target + " atomically: " + e.getMessage(), e);
        }
        force(target.toAbsolutePath().getParent());
    }

    /** Writes {@code text} to {@code file} through a fsynced temporary file and a rename. */
    public static void writeString(Path file, String text) throws IOException {
        Path written = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(written, text);
        replace(written, file);
    }

    /** Every file and directory of {@code tree} on disk. */
    public static void flushTree(Path tree) throws IOException {
        if (syncFileSystem(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.toList()) {
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    force(path);
                }
            }
        }
    }

    private static boolean syncFileSystem(Path tree) {
        try {
            Process sync = new ProcessBuilder("sync", "--file-system", tree.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (sync.waitFor(5, TimeUnit.MINUTES) && sync.exitValue() == 0) {
                return true;
            }
            sync.destroyForcibly();
            LOG.warnf("sync --file-system %s failed; fsyncing each file instead", tree);
            return false;
        } catch (IOException e) {
            LOG.debugf("no sync command (%s); fsyncing each file", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
