package dev.rewind.executor.application;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.rewind.events.Names;
import dev.rewind.events.StepOutput;
import dev.rewind.executor.archive.ArchiveReader;
import dev.rewind.executor.archive.ArchiveWriter;
import dev.rewind.executor.archive.Durable;
import dev.rewind.executor.archive.TreeSelection;
import dev.rewind.executor.config.DeploymentTarget;
import dev.rewind.executor.persistence.RollbackRecord;
import dev.rewind.executor.persistence.RollbackStep;
import dev.rewind.executor.rollback.BackupCatalog;
import dev.rewind.executor.rollback.DiagnosticsCapture;
import dev.rewind.executor.rollback.GitCommand;
import dev.rewind.executor.rollback.DiskSpace;
import dev.rewind.executor.rollback.PlannedStep;
import dev.rewind.executor.rollback.Restorer;
import dev.rewind.executor.workload.KubernetesController;
import dev.rewind.executor.workload.NoController;
import dev.rewind.executor.workload.ProcessController;
import dev.rewind.executor.workload.WorkloadController;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** What each non-waiting step does on disk and to the workload; each returns what it produced. */
@ApplicationScoped
public class StepActions {
    private final Instance<KubernetesClient> kubernetes;
    private final Duration kubernetesTimeout;
    private final CrashTestHold crashTestHold;

    /** The Kubernetes client is made only when a deployment uses the kubernetes controller. */
    public StepActions(Instance<KubernetesClient> kubernetes,
                       @ConfigProperty(name = "rewind.executor.kubernetes.timeout", defaultValue = "PT5M") Duration kubernetesTimeout,
                       CrashTestHold crashTestHold) {
        this.kubernetes = kubernetes;
        this.kubernetesTimeout = kubernetesTimeout;
        this.crashTestHold = crashTestHold;
    }

    public Map<String, String> captureDiagnostics(RollbackRecord rollback, DeploymentTarget deployment) throws IOException {
        return DiagnosticsCapture.capture(deployment, rollback.stamp);
    }

    /** Newest valid backup of the target version; corrupt ones are skipped; then the git fallback. */
    public Map<String, String> selectBackup(RollbackRecord rollback, DeploymentTarget deployment) throws IOException, InterruptedException {
        String version = targetVersion(rollback, deployment);
        DiskSpace.requireRenamable(deployment.target());
        // 2.2 runs after the swap: whether its archive will fit is known now, before anything is stopped
        Files.createDirectories(deployment.backups().directory());
        DiskSpace.require("2.2's archive of the broken version", deployment.backups().directory(),
                DiskSpace.managedBytes(deployment.target(), selection(deployment)));
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("targetVersion", version);
        List<String> rejected = new ArrayList<>();
        java.util.Set<String> failedValidation = QuarkusTransaction.requiringNew().call(() -> RollbackJournal.rejectedByValidation(rollback.incidentId));
        for (Path candidate : BackupCatalog.candidates(deployment, version)) {
            try {
                ArchiveReader.Contents contents = ArchiveReader.verify(candidate, ArchiveReader.Limits.DEFAULT, selection(deployment));
                requireCritical(contents);
                requireNotRejected(contents, failedValidation);
                outputs.put(StepOutput.SOURCE.key(), candidate.toString());
                outputs.put(StepOutput.SHA256.key(), contents.sha256());
                outputs.put(StepOutput.FILES.key(), Integer.toString(contents.files()));
                outputs.put("bytes", Long.toString(contents.bytes()));
                outputs.put("rejected", String.join("; ", rejected));
                return outputs;
            } catch (IOException e) {
                rejected.add(candidate.getFileName() + ": " + e.getMessage());
            }
        }
        if (deployment.git() != null) {
            Path exported = exportFromGit(rollback, deployment, version);
            ArchiveReader.Contents contents = ArchiveReader.verify(exported, ArchiveReader.Limits.DEFAULT, selection(deployment));
            requireCritical(contents);
            requireNotRejected(contents, failedValidation);
            outputs.put(StepOutput.SOURCE.key(), exported.toString());
            outputs.put(StepOutput.SHA256.key(), contents.sha256());
            outputs.put(StepOutput.FILES.key(), Integer.toString(contents.files()));
            outputs.put("bytes", Long.toString(contents.bytes()));
            outputs.put("gitFallback", "true");
            outputs.put("rejected", String.join("; ", rejected));
            return outputs;
        }
        throw new IOException("no valid backup of version " + version + " in " + deployment.backups().directory()
                + (rejected.isEmpty() ? " (none found)" : " (rejected: " + String.join("; ", rejected) + ")")
                + " and no git fallback configured; the target is untouched");
    }

    private static void requireNotRejected(ArchiveReader.Contents contents, java.util.Set<String> failedValidation) throws IOException {
        if (failedValidation.contains(contents.sha256())) {
            throw new IOException("its staged tree failed validation earlier in this rollback");
        }
    }

    public Map<String, String> stopWorkload(DeploymentTarget deployment) throws IOException, InterruptedException {
        return controller(deployment).stop();
    }

    public Map<String, String> startWorkload(DeploymentTarget deployment, Map<String, String> stopped) throws IOException, InterruptedException {
        return controller(deployment).start(stopped);
    }

    /** 2.2, after the swap: the broken tree the swap set aside is archived, never the live target. */
    public Map<String, String> archiveBroken(RollbackRecord rollback, DeploymentTarget deployment) throws IOException {
        Files.createDirectories(deployment.backups().directory());
        Path archive = BackupCatalog.brokenArchive(deployment, rollback.fromVersion, rollback.stamp);
        Path broken = restorer(rollback, deployment).brokenTree();
        if (!Files.isDirectory(broken)) {
            throw new IOException("the broken tree " + broken + " the swap set aside is not there; nothing was archived");
        }
        DiskSpace.require("2.2's archive of the broken version", deployment.backups().directory(),
                DiskSpace.managedBytes(broken, selection(deployment)));
        long start = System.nanoTime();
        ArchiveWriter.Result result = ArchiveWriter.write(broken, selection(deployment), archive, deployment.backups().gzipLevel());
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-6);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(StepOutput.ARCHIVE.key(), archive.toString());
        outputs.put(StepOutput.SHA256.key(), result.sha256());
        outputs.put(StepOutput.FILES.key(), Integer.toString(result.files()));
        outputs.put("bytes", Long.toString(result.bytes()));
        outputs.put("compressedBytes", Long.toString(result.compressedBytes()));
        outputs.put("gzipLevel", Integer.toString(deployment.backups().gzipLevel()));
        outputs.put(StepOutput.MANIFEST.key(), ArchiveWriter.manifestOf(archive).toString());
        outputs.put("throughputMBps", String.format(java.util.Locale.ROOT, "%.1f", result.bytes() / seconds / 1e6));
        return outputs;
    }

    public Map<String, String> restore(RollbackRecord rollback, DeploymentTarget deployment) throws IOException {
        long start = System.nanoTime();
        // what 1.3 verified: the SHA-256 the extraction must find, and the bytes it writes
        Map<String, String> selected = QuarkusTransaction.requiringNew().call(() -> {
            RollbackStep row = RollbackStep.find(rollback.incidentId, PlannedStep.SELECT_BACKUP.id());
            return row == null || row.outputs == null ? Map.<String, String>of() : row.outputs;
        });
        Restorer restorer = restorer(rollback, deployment);
        if (!restorer.swapped()) {
            DiskSpace.require("2.3's staged tree", deployment.target().toAbsolutePath().getParent(),
                    Long.parseLong(selected.getOrDefault("bytes", "0")));
        }
        Map<String, String> outputs = new LinkedHashMap<>(restorer
                .stage(Path.of(rollback.sourceArchive), selected.get(StepOutput.SHA256.key()), selection(deployment), ArchiveReader.Limits.DEFAULT));
        outputs.put(StepOutput.SOURCE.key(), rollback.sourceArchive);
        outputs.put("seconds", String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e9));
        return outputs;
    }

    public Map<String, String> swapIn(RollbackRecord rollback, DeploymentTarget deployment) throws IOException {
        return restorer(rollback, deployment).swapIn(selection(deployment));
    }

    /** What a verification step judges: 2.4 the staged tree, before anything is put in place; 3.1 the live target. */
    public Path verifiedDirectory(RollbackRecord rollback, DeploymentTarget deployment, PlannedStep step) {
        return step == PlannedStep.VALIDATE ? restorer(rollback, deployment).stagingTree() : deployment.target();
    }

    public Restorer restorer(RollbackRecord rollback, DeploymentTarget deployment) {
        return new Restorer(deployment.target(), rollback.incidentId.toString().substring(0, 8),
                () -> crashTestHold.at(CrashTestHold.Point.BETWEEN_RENAMES));
    }

    /**
     * The version to restore comes from the deployment, never from free text: its {@code lastGoodVersion}, or a
     * version its backup catalogue holds. The authorization's names were held to {@link Names} when it was read.
     */
    static String targetVersion(RollbackRecord rollback, DeploymentTarget deployment) throws IOException {
        if (rollback.targetVersion == null) {
            if (deployment.lastGoodVersion() == null) {
                throw new IOException("no target version: the authorization names none and the deployment has no lastGoodVersion");
            }
            return deployment.lastGoodVersion();
        }
        String version = Names.version(rollback.targetVersion, "targetVersion");
        if (version.equals(deployment.lastGoodVersion()) || !BackupCatalog.candidates(deployment, version).isEmpty()) {
            return version;
        }
        throw new IOException("target version " + version + " is neither the deployment's lastGoodVersion ("
                + deployment.lastGoodVersion() + ") nor a version with a backup in " + deployment.backups().directory()
                + "; the target is untouched");
    }

    /** 1.3 judges what 2.3 needs: a backup without the critical files is not a source (the next one is tried). */
    private static void requireCritical(ArchiveReader.Contents contents) throws IOException {
        List<String> missing = contents.missing(Restorer.CRITICAL);
        if (!missing.isEmpty()) {
            throw new IOException("lacks the critical files " + missing);
        }
    }

    static TreeSelection selection(DeploymentTarget deployment) {
        return new TreeSelection(deployment.backups().include(), deployment.backups().exclude());
    }

    private WorkloadController controller(DeploymentTarget deployment) {
        DeploymentTarget.Workload workload = deployment.workload();
        return switch (workload.controller()) {
            case NONE -> new NoController();
            case PROCESS -> new ProcessController(workload.match(), workload.user() == null ? ProcessController.currentUser() : workload.user(),
                    workload.start(), workload.gracePeriod(), workload.killTimeout(), deployment.target(),
                    deployment.diagnostics().resolve(deployment.name() + "-workload.log"),
                    deployment.diagnostics().resolve(deployment.name() + "-workload.pid"));
            case KUBERNETES -> new KubernetesController(kubernetes.get(), workload.namespace(), workload.kubernetesDeployment(),
                    kubernetesTimeout);
        };
    }

    /**
     * {@code git archive} of the version's tag, as a .tar.gz beside the backups. The tag is resolved to a commit
     * first and only the commit id reaches {@code git archive}; {@code --end-of-options} keeps any value from
     * being read as an option.
     */
    private static Path exportFromGit(RollbackRecord rollback, DeploymentTarget deployment, String version)
            throws IOException, InterruptedException {
        String tag = deployment.git().tagPattern().replace("{version}", version);
        String repository = deployment.git().repository().toString();
        String commit;
        try {
            commit = GitCommand.commitOfTag(repository, tag);
        } catch (IOException e) {
            throw new IOException("git fallback: " + e.getMessage(), e);
        }
        Path out = deployment.backups().directory().resolve(deployment.name() + "-v" + version + "-git-" + rollback.stamp + ".tar.gz");
        Files.createDirectories(out.getParent());
        GitCommand.run("git fallback: git archive of tag " + tag + " (" + commit + ") failed",
                "git", "-C", repository, "archive", "--format=tar.gz", "-o", out.toString(), "--end-of-options", commit);
        Durable.force(out);
        Durable.force(out.getParent());
        return out;
    }
}
