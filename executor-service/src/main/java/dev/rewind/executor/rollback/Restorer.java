package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
 * Runbook 2.3 without its dangers. The good version is extracted into a staging directory beside the target while the
 * broken version still runs there; the target's unmanaged part ({@code .git}, {@code node_modules}, runtime data:
 * everything the backup does not manage; entries of the backup under unmanaged paths are not extracted) is hard-linked
 * in ({@link UnmanagedPart}), and the critical files are checked. Once the workload is stopped, the unmanaged part is
 * brought up to date and the staged tree is swapped in: with one {@code renameat2(RENAME_EXCHANGE)} where Linux allows
 * it (the target path is never absent), otherwise with two renames (absent for the instant between them). Either way
 * the target is the complete broken tree or the complete restored one, and the broken tree is set aside beside it
 * by rename until its archive is written and verified.
 *
 * <p>An exchange leaves the broken tree under the staging name until the rename that sets it aside. So that a resumed
 * swap can tell that state from "staged, not yet swapped", the staged tree's inode is written to an intent file
 * beside the target before the exchange; the target having that inode means the exchange happened.
 */
public final class Restorer {
    public static final List<String> CRITICAL = List.of("config.yaml", "agents", "steps", "workflow.md");

    private final Path target;
    private final Path staging;
    private final Path broken;
    private final Path swapIntent;
    /** Runs between the two moves of a swap (exchange and set-aside, or two renames) or of a revert: nothing, except in the crash tests. */
    private final Runnable betweenRenames;
    private final boolean exchangeAllowed;

    public Restorer(Path target, String incidentKey) {
        this(target, incidentKey, () -> { });
    }

    public Restorer(Path target, String incidentKey, Runnable betweenRenames) {
        this(target, incidentKey, betweenRenames, true);
    }

    /** @param exchangeAllowed {@code false} swaps by two renames even where an exchange is possible (tests of that path) */
    public Restorer(Path target, String incidentKey, Runnable betweenRenames, boolean exchangeAllowed) {
        this.target = target;
        this.betweenRenames = betweenRenames;
        this.exchangeAllowed = exchangeAllowed;
        this.staging = target.resolveSibling(target.getFileName() + ".rewind-staging-" + incidentKey);
        this.broken = target.resolveSibling(target.getFileName() + ".rewind-broken-" + incidentKey);
        this.swapIntent = target.resolveSibling(target.getFileName() + ".rewind-swap-" + incidentKey);
    }

    public Path brokenTree() {
        return broken;
    }

    /** Whether the swap already happened (a resumed rollback must not stage again). */
    public boolean swapped() {
        return exchanged() || Files.isDirectory(broken) && Files.isDirectory(target) && !Files.exists(staging);
    }

    /** Where the target stands, for the way out of a failed step. */
    public RollbackDecider.Target state() {
        if (swapped()) {
            return RollbackDecider.Target.SWAPPED;
        }
        return Files.isDirectory(target) ? RollbackDecider.Target.UNTOUCHED : RollbackDecider.Target.ABSENT;
    }

    /** Stages {@code source} and swaps it in at once (what the rollback does in steps, 2.3 to 2.4S). */
    public Map<String, String> restore(Path source, TreeSelection selection, ArchiveReader.Limits limits) throws IOException {
        return restore(source, null, selection, limits);
    }

    public Map<String, String> restore(Path source, String verifiedSha256, TreeSelection selection, ArchiveReader.Limits limits)
            throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>(stage(source, verifiedSha256, selection, limits));
        outputs.putAll(swapIn(selection));
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
        if (stagingDisposable()) {
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
            outputs.put("unmanagedLinked", Integer.toString(UnmanagedPart.mirror(target, staging, selection).added()));
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

    /**
     * With the workload stopped: the staged tree's unmanaged part becomes the target's as it is now, then the staged,
     * validated tree becomes the target and the broken tree is set aside. Safe to repeat.
     */
    public Map<String, String> swapIn(TreeSelection selection) throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (!swapped()) {
            if (!Files.isDirectory(staging)) {
                throw new IOException("nothing is staged at " + staging + "; the target is untouched");
            }
            if (!betweenRenames()) {
                UnmanagedPart.Changes changes = UnmanagedPart.mirror(target, staging, selection);
                outputs.put("unmanagedAdded", Integer.toString(changes.added()));
                outputs.put("unmanagedReplaced", Integer.toString(changes.replaced()));
                outputs.put("unmanagedRemoved", Integer.toString(changes.removed()));
            }
            outputs.put("swap", swap());
        }
        setAsideAfterExchange();
        outputs.put("target", target.toString());
        outputs.put("brokenTree", broken.toString());
        return outputs;
    }

    /** Drops the staged tree of a source that is not to be put in place; the target stays as it is. */
    public void dropStaging() throws IOException {
        if (stagingDisposable()) {
            deleteTree(staging);
        }
    }

    public Path stagingTree() {
        return staging;
    }

    /** The staging directory holds nothing a swap still needs: no swap has begun. */
    private boolean stagingDisposable() {
        return !swapped() && !betweenRenames();
    }

    private boolean betweenRenames() {
        return Files.notExists(target) && Files.isDirectory(broken) && Files.isDirectory(staging);
    }

    /** The exchange happened and the broken tree still has the staging name (see the class comment). */
    private boolean exchanged() {
        if (!Files.isRegularFile(swapIntent) || !Files.isDirectory(staging) || !Files.isDirectory(target)) {
            return false;
        }
        try {
            return Files.readString(swapIntent, StandardCharsets.US_ASCII).trim().equals(inode(target));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Puts the broken tree back (operator's revert after a failed verification). Safe to repeat: after a crash
     * between its two renames (no target) it makes the second; after both it reports what it did.
     */
    public Map<String, String> revert(String stamp) throws IOException {
        setAsideAfterExchange();
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

    /** The broken tree is archived and the archive verified: drop it. */
    public void discardBrokenTree() throws IOException {
        setAsideAfterExchange();
        deleteTree(broken);
    }

    /**
     * Each move is on disk before the next. With an exchange the target path always holds a whole tree; with two
     * renames a crash between them leaves no target, which {@link #swapIn} resumes. Returns how it swapped.
     */
    private String swap() throws IOException {
        if (Files.exists(target)) {
            if (exchangeAllowed && AtomicExchange.available()) {
                Durable.writeString(swapIntent, inode(staging));
                if (AtomicExchange.exchange(staging, target)) {
                    Durable.force(target.toAbsolutePath().getParent());
                    betweenRenames.run();
                    setAsideAfterExchange();
                    return "exchange";
                }
                Files.deleteIfExists(swapIntent);
            }
            Durable.move(target, broken);
            betweenRenames.run();
        }
        Durable.move(staging, target);
        return "two renames";
    }

    /** After an exchange the broken tree has the staging name: it gets its own, and the intent goes. */
    private void setAsideAfterExchange() throws IOException {
        if (exchanged()) {
            Durable.move(staging, broken);
        }
        if (Files.isRegularFile(swapIntent, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(swapIntent);
            Durable.force(target.toAbsolutePath().getParent());
        }
    }

    private static String inode(Path directory) throws IOException {
        return String.valueOf(Files.getAttribute(directory, "unix:ino", LinkOption.NOFOLLOW_LINKS));
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
