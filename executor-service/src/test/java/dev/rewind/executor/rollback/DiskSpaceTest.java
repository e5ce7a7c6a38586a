package dev.rewind.executor.rollback;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.executor.archive.TreeSelection;
import dev.rewind.executor.config.DeploymentTarget;
import dev.rewind.testing.WorkflowTrees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class DiskSpaceTest {
    static final Path DIR = Path.of("/srv/backups");

    @Test
    void a_write_goes_ahead_only_with_its_size_and_the_headroom_free() {
        long needed = 500L << 20;
        assertThat(DiskSpace.shortfall("2.2", DIR, needed, needed + DiskSpace.HEADROOM)).isEmpty();
        assertThat(DiskSpace.shortfall("2.2", DIR, needed, needed + DiskSpace.HEADROOM - 1)).get().asString()
                .contains("2.2 needs 500 MB and 64 MB to spare").contains("/srv/backups").contains("nothing was written");
        assertThat(DiskSpace.shortfall("2.2", DIR, 0, 0)).isPresent();
    }

    @Test
    void only_what_the_backup_manages_is_counted(@TempDir Path root) throws Exception {
        Path tree = WorkflowTrees.create(root.resolve("wf"), "2.0.0");
        Files.write(tree.resolve("node_modules/pkg/big.bin"), new byte[1 << 20]);
        TreeSelection selection = new TreeSelection(DeploymentTarget.Backups.RUNBOOK_INCLUDE, DeploymentTarget.Backups.RUNBOOK_EXCLUDE);
        long managed;
        try (var files = Files.walk(tree)) {
            managed = files.filter(Files::isRegularFile).filter(f -> selection.isManaged(tree.relativize(f)))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(DiskSpace.managedBytes(tree, selection)).isEqualTo(managed).isLessThan(1 << 20);
    }

    @Test
    void a_target_on_its_parents_file_system_can_be_swapped_by_rename(@TempDir Path root) throws Exception {
        assertThatCode(() -> DiskSpace.requireRenamable(Files.createDirectories(root.resolve("wf")))).doesNotThrowAnyException();
        assertThatCode(() -> DiskSpace.requireRenamable(root.resolve("absent"))).doesNotThrowAnyException();
    }
}
