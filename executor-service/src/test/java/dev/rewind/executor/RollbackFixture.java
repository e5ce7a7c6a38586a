package dev.rewind.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import dev.rewind.executor.archive.ArchiveWriter;
import dev.rewind.executor.archive.Tars;
import dev.rewind.executor.archive.TreeSelection;
import dev.rewind.executor.config.DeploymentTarget;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.WorkflowTrees;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real deployment on disk for executor tests: a v2.0.0 workflow tree with unmanaged parts, a valid
 * v1.0.0 backup, a newer corrupt v1.0.0 backup, and a deployments file with a process controller
 * that matches this fixture's own processes.
 */
public class RollbackFixture implements QuarkusTestResourceLifecycleManager {
    public static Path root;
    public static Path target;
    public static Path backups;
    public static Path v1Tree;
    public static String marker;
    public static Path gitTarget;
    public static Path gitRepository;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("rewind-executor-test");
            marker = "rewind-fixture-" + UUID.randomUUID().toString().substring(0, 8);
            backups = Files.createDirectories(root.resolve("backups"));
            v1Tree = WorkflowTrees.create(root.resolve("v1-source"), "1.0.0");
            Path good = backups.resolve("wf-v1.0.0-backup-20261101.tar.gz");
            writeBackup(v1Tree, good);
            Files.setLastModifiedTime(good, FileTime.from(Instant.now().minusSeconds(3600)));
            Path corrupt = backups.resolve("wf-v1.0.0-backup-20261120.tar.gz");
            byte[] bytes = Files.readAllBytes(good);
            bytes[bytes.length / 2] ^= 0x33;
            Files.write(corrupt, bytes);
            // newer still, and each one passes a gzip and tar check: one that would escape, one lacking the
            // critical files; 1.3 must skip both as 2.3 would refuse them
            Files.copy(Tars.write(root.resolve("escape.tar.gz"), tar -> {
                Tars.file(tar, "config.yaml", "version: \"1.0.0\"\n");
                Tars.link(tar, "a", ".", TarArchiveEntry.LF_SYMLINK);
                Tars.link(tar, "agents", "a/../..", TarArchiveEntry.LF_SYMLINK);
            }), backups.resolve("wf-v1.0.0-backup-20261121.tar.gz"));
            Path partial = Files.createDirectories(root.resolve("partial/templates"));
            Files.writeString(partial.resolve("report.md"), "template only");
            writeBackup(partial.getParent(), backups.resolve("wf-v1.0.0-backup-20261122.tar.gz"));
            target = root.resolve("srv/wf");
            gitTarget = root.resolve("srv/wfgit");
            Path gitBackups = Files.createDirectories(root.resolve("git-backups"));
            Files.write(gitBackups.resolve("wfgit-v1.0.0-backup-1.tar.gz"), bytes);
            gitRepository = root.resolve("repo");
            if (gitAvailable()) {
                createTaggedRepository(gitRepository, v1Tree, "wfgit-v1.0.0");
            }
            Files.writeString(root.resolve("deployments.yaml"), """
                    deployments:
                      wf:
                        target: %s
                        lastGoodVersion: 1.0.0
                        backups:
                          directory: %s
                          pattern: "{deployment}-v{version}-backup-{suffix}.tar.gz"
                        diagnostics:
                          directory: %s
                          logs: [%s/logs/*.log]
                        workload:
                          controller: process
                          match: ["sh -c sleep [0-9]+; : %s"]
                          start: ["sh", "-c", "sleep 3600; : %s"]
                          gracePeriod: 2s
                      wfgit:
                        target: %7$s
                        lastGoodVersion: 1.0.0
                        backups: { directory: %8$s }
                        diagnostics: { directory: %3$s }
                        git: { repository: %9$s, tagPattern: "wfgit-v{version}" }
                      wftight:
                        target: %10$s/srv/wftight
                        lastGoodVersion: 1.0.0
                        backups: { directory: %10$s/tight-backups }
                        diagnostics: { directory: %3$s }
                      wfcorpus:
                        target: %10$s/srv/wfcorpus
                        lastGoodVersion: 1.0.0
                        backups: { directory: %10$s/corpus-backups }
                        diagnostics: { directory: %3$s }
                      wfmount:
                        target: %10$s/srv/wfmount
                        lastGoodVersion: 1.0.0
                        backups: { directory: %2$s }
                        diagnostics: { directory: %3$s }
                      wfdata:
                        target: %10$s/srv/wfdata
                        lastGoodVersion: 1.0.0
                        backups:
                          directory: %2$s
                          pattern: "wf-v{version}-backup-{suffix}.tar.gz"
                        diagnostics: { directory: %3$s }
                        workload:
                          controller: process
                          match: ["sh -c trap .*: %5$s-data"]
                          start: ["sh", "-c", "%11$s"]
                          gracePeriod: 5s
                    """.formatted(target, backups, root.resolve("diagnostics"), root, marker, marker, gitTarget,
                    root.resolve("git-backups"), gitRepository, root, dataWorkload()));
            Files.createDirectories(root.resolve("logs"));
            Files.writeString(root.resolve("logs/workflow.log"), "ERROR step-03 failed\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new java.util.HashMap<>(new LocalInfra().start());
        dev.rewind.testing.SharedDatabase.abandonUnfinishedRollbacks(List.of("wf", "wfgit", "wftight", "wfmount", "wfcorpus", "wfdata"));
        config.put("rewind.deployments.path", root.resolve("deployments.yaml").toString());
        return config;
    }

    /**
     * A workload that writes runtime data as it stops: at SIGTERM it creates {@code runtime/at-stop.txt}, removes
     * {@code runtime/lock} and replaces {@code runtime/state.json} by a rename, then exits.
     */
    public static String dataWorkload() {
        return "trap 'echo written at stop > runtime/at-stop.txt; rm -f runtime/lock; mv runtime/state.new runtime/state.json; exit 0' TERM; "
                + "while :; do sleep 1; done; : " + marker + "-data";
    }

    /** A backup of {@code tree} as Rewind writes one, with the runbook's selection. */
    public static void writeBackup(Path tree, Path archive) throws IOException {
        ArchiveWriter.write(tree, new TreeSelection(DeploymentTarget.Backups.RUNBOOK_INCLUDE, DeploymentTarget.Backups.RUNBOOK_EXCLUDE), archive);
    }

    /** A fresh broken v2.0.0 tree at the target, and one running "workflow" process. */
    public static Process freshDeployment() throws IOException {
        freshTree(target);
        return new ProcessBuilder("sh", "-c", "sleep 3600; : " + marker).start();
    }

    public static void freshTree(Path tree) throws IOException {
        dev.rewind.executor.rollback.RestorerAccess.delete(tree);
        WorkflowTrees.create(tree, "2.0.0");
    }

    /** A small tmpfs at {@code where} (this machine runs the tests as root); false where mounting is not allowed. */
    public static boolean mountSmallFileSystem(Path where, String size) throws IOException, InterruptedException {
        Files.createDirectories(where);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", where.toString())
                .redirectErrorStream(true).start();
        mount.getInputStream().readAllBytes();
        return mount.waitFor() == 0;
    }

    public static void unmount(Path where) throws IOException, InterruptedException {
        Process umount = new ProcessBuilder("umount", where.toString()).redirectErrorStream(true).start();
        umount.getInputStream().readAllBytes();
        umount.waitFor();
    }

    public static boolean gitAvailable() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A git repository whose tag holds the given tree (the runbook's "Git Recovery"). */
    static Path createTaggedRepository(Path repository, Path tree, String tag) throws IOException {
        try {
            new ProcessBuilder("cp", "-r", tree.toString(), repository.toString()).start().waitFor();
            dev.rewind.executor.rollback.RestorerAccess.delete(repository.resolve(".git"));
            for (List<String> command : List.of(List.of("git", "init", "-q"), List.of("git", "add", "-A"),
                    List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v1"), List.of("git", "tag", tag))) {
                Process git = new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true).start();
                String output = new String(git.getInputStream().readAllBytes());
                if (git.waitFor() != 0) {
                    throw new IOException(command + ": " + output);
                }
            }
            return repository;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void stop() {
        dev.rewind.testing.Workloads.stopAll(marker);
    }
}
