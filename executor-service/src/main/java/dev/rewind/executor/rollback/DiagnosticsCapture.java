package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.rewind.events.StepOutput;
import dev.rewind.executor.archive.ArchiveWriter;
import dev.rewind.executor.archive.Digests;
import dev.rewind.executor.archive.ManifestEntry;
import dev.rewind.executor.archive.TreeSelection;
import dev.rewind.executor.config.DeploymentTarget;

/**
 * Runbook 1.2: before anything changes, keep the state for the post-mortem in
 * {@code <diagnostics>/rollback-<stamp>/}: a system snapshot (load, memory, disk, processes), the
 * deployment's recent logs, its current version and a manifest of the tree (size and SHA-256 per file).
 */
public final class DiagnosticsCapture {
    private static final long MAX_LOG_BYTES = 10L << 20;
    /** The folder of the diagnostics directory the deployment's logs are copied into. */
    public static final String LOGS = "logs";

    private DiagnosticsCapture() {
    }

    public static Map<String, String> capture(DeploymentTarget deployment, String stamp) throws IOException {
        Path dir = deployment.diagnostics().resolve("rollback-" + stamp);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("system.txt"), systemSnapshot(deployment));
        int logs = copyLogs(deployment.logs(), dir.resolve(LOGS));
        String version = VersionReader.read(deployment.target(), deployment.versionFile());
        Files.writeString(dir.resolve("version.txt"), "Current Version: " + version + "\n");
        List<ManifestEntry> manifest = manifest(deployment.target(),
                new TreeSelection(List.of(), deployment.backups().exclude()));
        ArchiveWriter.writeManifest(dir.resolve("file-manifest.txt"), manifest);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(StepOutput.DIAGNOSTICS.key(), dir.toString());
        outputs.put("currentVersion", version);
        outputs.put(StepOutput.FILES.key(), Integer.toString(manifest.size()));
        outputs.put("logsCopied", Integer.toString(logs));
        outputs.put(StepOutput.MANIFEST.key(), dir.resolve("file-manifest.txt").toString());
        return outputs;
    }

    private static String systemSnapshot(DeploymentTarget deployment) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("## load (/proc/loadavg)\n").append(readOrNote(Path.of("/proc/loadavg"))).append('\n');
        text.append("## memory (/proc/meminfo)\n").append(readOrNote(Path.of("/proc/meminfo"))).append('\n');
        text.append("## disk\n");
        for (Path path : List.of(deployment.target(), deployment.backups().directory())) {
            if (Files.exists(path)) {
                FileStore store = Files.getFileStore(path);
                text.append(String.format("%s: %d MB free of %d MB%n", path, store.getUsableSpace() >> 20, store.getTotalSpace() >> 20));
            }
        }
        text.append("\n## processes\n");
        ProcessHandle.allProcesses().forEach(p -> text.append(p.pid()).append(' ')
                .append(p.info().commandLine().orElse("?")).append('\n'));
        return text.toString();
    }

    private static String readOrNote(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(not available: " + e.getMessage() + ")\n";
        }
    }

    private static int copyLogs(List<String> globs, Path into) throws IOException {
        List<Path> files = LogFiles.matching(globs);
        for (Path file : files) {
            Files.createDirectories(into);
            if (Files.size(file) <= MAX_LOG_BYTES) {
                Files.copy(file, into.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } else {
                tail(file, into.resolve(file.getFileName()));
            }
        }
        return files.size();
    }

    private static void tail(Path file, Path to) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            channel.position(channel.size() - MAX_LOG_BYTES);
            try (var out = Files.newOutputStream(to)) {
                channel.transferTo(channel.position(), MAX_LOG_BYTES, java.nio.channels.Channels.newChannel(out));
            }
        }
    }

    /**
     * Every file of the tree except excluded names, with size and SHA-256, in the walk's order. The files are hashed on
     * every core: SHA-256 of a large tree is most of 1.2's time, which comes before the staging.
     */
    public static List<ManifestEntry> manifest(Path root, TreeSelection excludes) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return excludes.isExcluded(root.relativize(dir)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !excludes.isExcluded(root.relativize(file))) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        try {
            return files.parallelStream().map(file -> {
                try {
                    return new ManifestEntry(root.relativize(file).toString(), Files.size(file), Digests.of(file));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
