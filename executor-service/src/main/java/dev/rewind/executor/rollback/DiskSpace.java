package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

import dev.rewind.executor.archive.TreeSelection;

/**
 * The checks before a step writes: room for what it writes, and a target the swap can rename. A step that
 * would fill the disk half-way fails before it writes a byte, with the target untouched.
 */
public final class DiskSpace {
    /** Left free after a step's writes: the workload, the database and the logs share the disk. */
    public static final long HEADROOM = 64L << 20;

    private DiskSpace() {
    }

    /** Why {@code needed} bytes cannot be written where {@code usable} are free, or empty when they can. */
    public static Optional<String> shortfall(String purpose, Path directory, long needed, long usable) {
        if (usable >= needed + HEADROOM) {
            return Optional.empty();
        }
        return Optional.of(purpose + " needs " + megabytes(needed) + " MB and " + megabytes(HEADROOM) + " MB to spare on the file system of "
                + directory + ", which has " + megabytes(usable) + " MB free; nothing was written");
    }

    public static void require(String purpose, Path directory, long needed) throws IOException {
        Optional<String> refusal = shortfall(purpose, directory, needed, Files.getFileStore(directory).getUsableSpace());
        if (refusal.isPresent()) {
            throw new IOException(refusal.get());
        }
    }

    /** The swap renames the target and its staging sibling: a target that is a mount point cannot be renamed. */
    public static void requireRenamable(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return;
        }
        FileStore own = Files.getFileStore(target);
        FileStore parent = Files.getFileStore(target.toAbsolutePath().getParent());
        if (!own.equals(parent)) {
            throw new IOException("the target " + target + " is a mount point (" + own.name() + ", its parent is on " + parent.name()
                    + "): the restore swaps by rename within one file system, so mount its parent directory instead; the target is untouched");
        }
    }

    /** The bytes of the files the backup manages under {@code root}: what the broken version's archive holds at most. */
    public static long managedBytes(Path root, TreeSelection selection) throws IOException {
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Path relative = root.relativize(dir);
                return relative.toString().isEmpty() || selection.mayContainManaged(relative) ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && selection.isManaged(root.relativize(file))) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static long megabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
