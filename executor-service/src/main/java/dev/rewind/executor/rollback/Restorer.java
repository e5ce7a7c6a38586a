package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.rewind.events.StepOutput;
import dev.rewind.executor.archive.ArchiveReader;
import dev.rewind.executor.archive.Durable;
import dev.rewind.executor.archive.TreeSelection;

/**
 * Runbook 2.3 without its dangers. The good version is extracted into a staging directory beside the
 * target, the target's unmanaged part ({@code .git}, {@code node_modules}, runtime data: everything the
 * backup does not manage; entries of the backup under unmanaged paths are not extracted) is hard-linked in
 * unchanged, the critical files are checked, and then two
 * renames swap staging in: the target is the complete broken tree or the complete restored one (for
 * the instant between the renames, absent). The broken tree stays beside it until the rollback ends.
 */
public final class Restorer {
    public static final List<String> CRITICAL = List.of("config.yaml", "agents", "steps", "workflow.md");

    private final Path target;
    private final Path staging;
    private final Path broken;
    /** Runs between the two renames of a swap or a revert: nothing, except in the crash tests. */
    private final Runnable betweenRenames;

    public Restorer(Path target, String incidentKey) {
        this(target, incidentKey, () -> { });
    }

    public Restorer(Path target, String incidentKey, Runnable betweenRenames) {
        this.target = target;
        this.betweenRenames = betweenRenames;
        this.staging = target.resolveSibling(target.getFileName() + ".rewind-staging-" + incidentKey);
        this.broken = target.resolveSibling(target.getFileName() + ".rewind-broken-" + incidentKey);
    }

    public Path brokenTree() {
        return broken;
    }

    /** Whether the swap already happened (a resumed rollback must not stage again). */
    public boolean swapped() {
        return Files.isDirectory(broken) && Files.isDirectory(target) && !Files.exists(staging);
    }

    /** Where the target stands, for the way out of a failed step. */
    public RollbackDecider.Target state() {
        if (swapped()) {
            return RollbackDecider.Target.SWAPPED;
        }
        return Files.isDirectory(target) ? RollbackDecider.Target.UNTOUCHED : RollbackDecider.Target.ABSENT;
    }

    /** Stages {@code source} and swaps it in at once (what the rollback does in two steps, 2.3 and 2.4S). */
    public Map<String, String> restore(Path source, TreeSelection selection, ArchiveReader.Limits limits) throws IOException {
        return restore(source, null, selection, limits);
    }

    public Map<String, String> restore(Path source, String verifiedSha256, TreeSelection selection, ArchiveReader.Limits limits)
            throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>(stage(source, verifiedSha256, selection, limits));
        outputs.putAll(swapIn());
        return outputs;
    }

    /**
     * Extracts {@code source} into the staging directory beside the target, with the target's unmanaged part linked
     * in, and leaves the target untouched. {@code source} must still be the file step 1.3 verified: its SHA-256,
     * computed while it is extracted, must be {@code verifiedSha256} ({@code null}: not checked), or staging is
     * dropped. Safe to repeat; after the swap began it changes nothing.
     */
    public Map<String, String> stage(Path source, String verifiedSha256, TreeSelection selection, ArchiveReader.Limits limits)
            throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (!swapped() && !betweenRenames()) {
            deleteTree(staging);
            ArchiveReader.Contents contents = ArchiveReader.extract(source, staging, limits, selection);
            outputs.put(StepOutput.RESTORED_FILES.key(), Integer.toString(contents.files()));
            outputs.put("restoredBytes", Long.toString(contents.bytes()));
            outputs.put("skippedUnmanaged", Integer.toString(contents.skipped()));
            if (verifiedSha256 != null && !verifiedSha256.equals(contents.sha256())) {
                deleteTree(staging);
                throw new IOException(source + " changed since step 1.3 verified it (SHA-256 " + contents.sha256() + ", verified "
                        + verifiedSha256 + "); the target is untouched");
            }
            outputs.put(StepOutput.SHA256.key(), contents.sha256());
            outputs.put("unmanagedLinked", Long.toString(linkUnmanaged(selection)));
            List<String> missing = CRITICAL.stream().filter(name -> !Files.exists(staging.resolve(name))).toList();
            if (!missing.isEmpty()) {
                deleteTree(staging);
                throw new IOException("the restore source lacks critical files " + missing + "; the target is untouched");
            }
            Durable.flushTree(staging);
        }
        outputs.put("staging", staging.toString());
        return outputs;
    }

    /** The staged tree, validated, becomes the target; the broken tree is set aside. Safe to repeat. */
    public Map<String, String> swapIn() throws IOException {
        if (!swapped()) {
            if (!Files.isDirectory(staging)) {
                throw new IOException("nothing is staged at " + staging + "; the target is untouched");
            }
            swap();
        }
        return Map.of("target", target.toString(), "brokenTree", broken.toString());
    }

    /** Drops the staged tree of a source that is not to be put in place; the target stays as it is. */
    public void dropStaging() throws IOException {
        if (!swapped() && !betweenRenames()) {
            deleteTree(staging);
        }
    }

    public Path stagingTree() {
        return staging;
    }

    private boolean betweenRenames() {
        return Files.notExists(target) && Files.isDirectory(broken) && Files.isDirectory(staging);
    }

    /**
     * Puts the broken tree back (operator's revert after a failed verification). Safe to repeat: after a crash
     * between its two renames (no target) it makes the second; after both it reports what it did.
     */
    public Map<String, String> revert(String stamp) throws IOException {
        Path restored = target.resolveSibling(target.getFileName() + ".rewind-reverted-" + stamp);
        if (!Files.isDirectory(broken) && Files.isDirectory(target) && Files.isDirectory(restored)) {
            return Map.of("target", target.toString(), "setAside", restored.toString(), "note", "already reverted");
        }
        if (!Files.isDirectory(broken)) {
            throw new IOException("the broken tree " + broken + " is gone; restore it from its archive instead");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Durable.move(target, restored);
            betweenRenames.run();
        }
        Durable.move(broken, target);
        return Map.of("target", target.toString(), "setAside", restored.toString());
    }

    /** The broken tree is archived and the rollback is done: drop it. */
    public void discardBrokenTree() throws IOException {
        deleteTree(broken);
    }

    /** Each rename is on disk before the next: after a crash the target is the broken tree, absent (resumed above), or restored. */
    private void swap() throws IOException {
        if (Files.exists(target)) {
            Durable.move(target, broken);
            betweenRenames.run();
        }
        Durable.move(staging, target);
    }

    private long linkUnmanaged(TreeSelection selection) throws IOException {
        long[] linked = {0};
        if (!Files.isDirectory(target)) {
            return 0;
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = target.relativize(dir);
                if (!relative.toString().isEmpty() && !selection.isManaged(relative)) {
                    Files.createDirectories(staging.resolve(relative.toString()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = target.relativize(file);
                if (selection.isManaged(relative)) {
                    return FileVisitResult.CONTINUE;
                }
                Path copy = staging.resolve(relative.toString());
                Files.createDirectories(copy.getParent());
                try {
                    if (attrs.isSymbolicLink()) {
                        Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
                    } else if (attrs.isRegularFile()) {
                        Files.createLink(copy, file);
                    }
                    linked[0]++;
                } catch (FileAlreadyExistsException e) {
                    // cannot happen for files: the backup's entries under unmanaged paths are not extracted
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return linked[0];
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
