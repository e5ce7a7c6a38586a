package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import dev.rewind.executor.archive.TreeSelection;

/**
 * The part of a deployment tree the backup does not manage ({@code .git}, {@code node_modules}, runtime data) carried
 * from the live tree into the staged one by hard links, never by copies: a file changed in place is the same file in
 * both. Run while the workload still runs (staging) it links what is there, skipping what vanishes under it; run again
 * once the workload stopped, it makes the staged tree's unmanaged part exactly the live one's: what was created or
 * replaced since is linked, what was removed is removed. Safe to repeat.
 */
public final class UnmanagedPart {
    /** What one pass changed in the staged tree. */
    public record Changes(int added, int replaced, int removed) {
    }

    private UnmanagedPart() {
    }

    public static Changes mirror(Path live, Path staged, TreeSelection selection) throws IOException {
        int[] counts = new int[3];
        if (Files.isDirectory(live, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(live, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path relative = live.relativize(dir);
                    if (relative.toString().isEmpty() || selection.isManaged(relative)) {
                        return FileVisitResult.CONTINUE;
                    }
                    Path copy = staged.resolve(relative.toString());
                    if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS)) {
                        Restorer.deleteTree(copy);
                        counts[1]++;
                    }
                    if (Files.notExists(copy, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(copy);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path relative = live.relativize(file);
                    if (selection.isManaged(relative) || !(attrs.isRegularFile() || attrs.isSymbolicLink())) {
                        return FileVisitResult.CONTINUE; // sockets and pipes belong to a running process, not to the tree
                    }
                    Path copy = staged.resolve(relative.toString());
                    boolean existed = Files.exists(copy, LinkOption.NOFOLLOW_LINKS);
                    if (existed && same(file, copy, attrs)) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        if (existed) {
                            Restorer.deleteTree(copy);
                        }
                        Files.createDirectories(copy.getParent());
                        if (attrs.isSymbolicLink()) {
                            Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
                        } else {
                            Files.createLink(copy, file);
                        }
                        counts[existed ? 1 : 0]++;
                    } catch (NoSuchFileException gone) {
                        // removed by the running workload while we walked: the pass after the stop settles it
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        }
        Files.walkFileTree(staged, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                return removedFromLive(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                removedFromLive(file);
                return FileVisitResult.CONTINUE;
            }

            /** Removes an unmanaged entry of the staged tree that the live tree no longer has. */
            private boolean removedFromLive(Path path) throws IOException {
                Path relative = staged.relativize(path);
                if (relative.toString().isEmpty() || selection.isManaged(relative)
                        || Files.exists(live.resolve(relative.toString()), LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                Restorer.deleteTree(path);
                counts[2]++;
                return true;
            }
        });
        return new Changes(counts[0], counts[1], counts[2]);
    }

    private static boolean same(Path live, Path copy, BasicFileAttributes attrs) throws IOException {
        try {
            if (attrs.isSymbolicLink()) {
                return Files.isSymbolicLink(copy) && Files.readSymbolicLink(copy).equals(Files.readSymbolicLink(live));
            }
            return Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(copy, live);
        } catch (NoSuchFileException gone) {
            return false;
        }
    }
}
