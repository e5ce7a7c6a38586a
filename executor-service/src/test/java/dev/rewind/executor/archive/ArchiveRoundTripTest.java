package dev.rewind.executor.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.testing.WorkflowTrees;
import dev.rewind.executor.config.DeploymentTarget;

import static dev.rewind.executor.archive.Tars.file;
import static dev.rewind.executor.archive.Tars.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveRoundTripTest {
    static final TreeSelection RUNBOOK = new TreeSelection(DeploymentTarget.Backups.RUNBOOK_INCLUDE, DeploymentTarget.Backups.RUNBOOK_EXCLUDE);

    @TempDir
    Path dir;

    @Test
    void archives_only_the_managed_part_and_restores_it_byte_for_byte() throws Exception {
        Path tree = WorkflowTrees.create(dir.resolve("tree"), "2.0.0");
        Path archive = dir.resolve("wf-v2.0.0-broken-1.tar.gz");

        ArchiveWriter.Result written = ArchiveWriter.write(tree, RUNBOOK, archive);

        assertThat(written.files()).isEqualTo(13 + 11 + 3 + 2 + 1);
        assertThat(written.manifest()).extracting(ManifestEntry::path)
                .contains("config.yaml", "workflow.md", "README.md", "agents/dev.md", "steps/0-scoping/step-01-business-analyst.md")
                .noneMatch(p -> p.contains(".git") || p.contains("node_modules") || p.startsWith("runtime"));
        assertThat(Digests.readSidecar(archive)).isEqualTo(written.sha256()).isEqualTo(Digests.of(archive));
        assertThat(Files.readAllLines(ArchiveWriter.manifestOf(archive))).hasSize(written.files());

        ArchiveReader.Contents verified = ArchiveReader.verify(archive, ArchiveReader.Limits.DEFAULT);
        assertThat(verified.files()).isEqualTo(written.files());

        Path restored = dir.resolve("restored");
        ArchiveReader.extract(archive, restored, ArchiveReader.Limits.DEFAULT);
        for (ManifestEntry entry : written.manifest()) {
            assertThat(Files.readAllBytes(restored.resolve(entry.path()))).isEqualTo(Files.readAllBytes(tree.resolve(entry.path())));
        }
    }

    @Test
    void a_gnu_tar_archive_is_read_as_well() throws Exception {
        Path tree = WorkflowTrees.create(dir.resolve("tree"), "1.0.0");
        Path archive = dir.resolve("gnu.tar.gz");
        Process tar = new ProcessBuilder("tar", "-C", tree.toString(), "--exclude=.git", "--exclude=node_modules", "-czf",
                archive.toString(), "agents", "steps", "config.yaml").inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        assertThat(ArchiveReader.verify(archive, ArchiveReader.Limits.DEFAULT).files()).isEqualTo(25);
    }

    @Test
    void a_truncated_archive_is_corrupt() throws Exception {
        Path archive = dir.resolve("a.tar.gz");
        ArchiveWriter.write(WorkflowTrees.create(dir.resolve("tree"), "1.0.0"), RUNBOOK, archive);
        Files.delete(Digests.sidecar(archive));
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        assertThatThrownBy(() -> ArchiveReader.verify(archive, ArchiveReader.Limits.DEFAULT)).isInstanceOf(IOException.class);
    }

    @Test
    void a_flipped_byte_fails_the_gzip_crc_or_the_sidecar() throws Exception {
        Path archive = dir.resolve("a.tar.gz");
        ArchiveWriter.write(WorkflowTrees.create(dir.resolve("tree"), "1.0.0"), RUNBOOK, archive);
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(archive, bytes);
        assertThatThrownBy(() -> ArchiveReader.verify(archive, ArchiveReader.Limits.DEFAULT)).isInstanceOf(IOException.class);
    }

    @Test
    void a_sidecar_that_disagrees_fails_verification() throws Exception {
        Path archive = dir.resolve("a.tar.gz");
        ArchiveWriter.write(WorkflowTrees.create(dir.resolve("tree"), "1.0.0"), RUNBOOK, archive);
        Digests.writeSidecar(archive, "0".repeat(64));
        assertThatThrownBy(() -> ArchiveReader.verify(archive, ArchiveReader.Limits.DEFAULT))
                .isInstanceOf(IOException.class).hasMessageContaining("does not match");
    }

    Path hostile(Tars.EntryWriter writer) throws IOException {
        return Tars.write(dir.resolve("hostile-" + System.nanoTime() + ".tar.gz"), writer);
    }

    @Test
    void hostile_entries_are_refused_before_anything_escapes() throws Exception {
        List<Path> archives = List.of(
                hostile(tar -> file(tar, "../escape.txt", "x")),
                hostile(tar -> file(tar, "agents/../../escape.txt", "x")),
                hostile(tar -> file(tar, "/tmp/absolute.txt", "x")),
                hostile(tar -> link(tar, "agents/evil", "/etc/passwd", TarArchiveEntry.LF_SYMLINK)),
                hostile(tar -> link(tar, "agents/evil", "../../outside", TarArchiveEntry.LF_SYMLINK)),
                hostile(tar -> link(tar, "agents/hard", "../outside", TarArchiveEntry.LF_LINK)),
                hostile(tar -> {
                    link(tar, "agents", "templates", TarArchiveEntry.LF_SYMLINK);
                    file(tar, "agents/through-the-link.md", "x");
                }),
                hostile(tar -> {
                    TarArchiveEntry device = new TarArchiveEntry("dev-null", TarArchiveEntry.LF_CHR);
                    tar.putArchiveEntry(device);
                    tar.closeArchiveEntry();
                }));
        for (Path archive : archives) {
            Path staging = dir.resolve("staging-" + archive.getFileName());
            assertThatThrownBy(() -> ArchiveReader.extract(archive, staging, ArchiveReader.Limits.DEFAULT))
                    .as(archive.toString()).isInstanceOf(HostileArchiveException.class);
            assertThatThrownBy(() -> ArchiveReader.verify(archive, ArchiveReader.Limits.DEFAULT))
                    .as(archive.toString()).isInstanceOf(HostileArchiveException.class);
        }
        assertThat(Files.exists(dir.resolve("escape.txt"))).isFalse();
        assertThat(Files.exists(dir.getParent().resolve("escape.txt"))).isFalse();
    }

    @Test
    void a_compression_bomb_is_refused() throws Exception {
        Path archive = hostile(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry("zeros.bin");
            long size = 64L << 20;
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
        });
        assertThatThrownBy(() -> ArchiveReader.verify(archive, new ArchiveReader.Limits(1L << 40, 1000, 50)))
                .isInstanceOf(HostileArchiveException.class).hasMessageContaining("compression bomb");
        assertThatThrownBy(() -> ArchiveReader.verify(archive, new ArchiveReader.Limits(1L << 20, 1000, 100_000)))
                .isInstanceOf(HostileArchiveException.class).hasMessageContaining("unpacks beyond");
    }

    @Test
    void a_compression_bomb_under_an_unmanaged_path_is_refused_too() throws Exception {
        Path archive = hostile(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry("node_modules/zeros.bin");
            entry.setSize(64L << 20);
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
        });
        TreeSelection runbook = new TreeSelection(DeploymentTarget.Backups.RUNBOOK_INCLUDE, DeploymentTarget.Backups.RUNBOOK_EXCLUDE);
        assertThatThrownBy(() -> ArchiveReader.verify(archive, new ArchiveReader.Limits(1L << 40, 1000, 50), runbook))
                .isInstanceOf(HostileArchiveException.class).hasMessageContaining("compression bomb");
        assertThatThrownBy(() -> ArchiveReader.extract(archive, dir.resolve("bomb"), new ArchiveReader.Limits(1L << 20, 1000, 100_000), runbook))
                .isInstanceOf(HostileArchiveException.class).hasMessageContaining("unpacks beyond");
    }

    @Test
    void a_safe_relative_link_inside_the_tree_is_kept() throws Exception {
        Path archive = hostile(tar -> {
            file(tar, "agents/dev.md", "persona");
            link(tar, "agents/developer.md", "dev.md", TarArchiveEntry.LF_SYMLINK);
        });
        Path staging = dir.resolve("ok");
        ArchiveReader.extract(archive, staging, ArchiveReader.Limits.DEFAULT);
        assertThat(Files.readString(staging.resolve("agents/developer.md"))).isEqualTo("persona");
        try (Stream<Path> files = Files.list(staging.resolve("agents"))) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void large_files_hard_links_modes_and_times_survive_extraction() throws Exception {
        byte[] large = new byte[TreeWriter.MAX_BUFFERED_FILE + 12_345];
        new java.util.Random(7).nextBytes(large);
        java.time.Instant modified = java.time.Instant.parse("2026-01-02T03:04:05Z");
        Path archive = hostile(tar -> {
            file(tar, "agents/dev.md", "persona");
            TarArchiveEntry big = new TarArchiveEntry("templates/big.bin");
            big.setSize(large.length);
            big.setMode(0100750);
            big.setModTime(java.util.Date.from(modified));
            tar.putArchiveEntry(big);
            tar.write(large);
            tar.closeArchiveEntry();
            link(tar, "agents/dev-again.md", "agents/dev.md", TarArchiveEntry.LF_LINK);
            file(tar, "steps/after-the-large-one.md", "step");
        });

        Path staging = dir.resolve("out");
        ArchiveReader.Contents contents = ArchiveReader.extract(archive, staging, ArchiveReader.Limits.DEFAULT);

        assertThat(contents.files()).isEqualTo(3);
        assertThat(Files.readAllBytes(staging.resolve("templates/big.bin"))).isEqualTo(large);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(staging.resolve("templates/big.bin"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(staging.resolve("templates/big.bin")).toInstant()).isEqualTo(modified);
        assertThat(Files.isSameFile(staging.resolve("agents/dev-again.md"), staging.resolve("agents/dev.md"))).isTrue();
        assertThat(Files.readString(staging.resolve("steps/after-the-large-one.md"))).isEqualTo("step");
    }

    @Test
    void a_hostile_entry_after_files_stops_extraction_with_every_started_write_finished() throws Exception {
        Path archive = hostile(tar -> {
            for (int i = 0; i < 200; i++) {
                file(tar, "steps/step-" + i + ".md", "step " + i);
            }
            file(tar, "../escaped.md", "out");
        });
        Path staging = dir.resolve("partial");

        assertThatThrownBy(() -> ArchiveReader.extract(archive, staging, ArchiveReader.Limits.DEFAULT))
                .isInstanceOf(HostileArchiveException.class);

        assertThat(dir.resolve("escaped.md")).doesNotExist();
        // the writer has stopped: the staging tree no longer changes and can be deleted
        long before = countFiles(staging);
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(200)).atMost(java.time.Duration.ofSeconds(2))
                .until(() -> countFiles(staging) == before);
    }

    private static long countFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.count();
        }
    }
}
