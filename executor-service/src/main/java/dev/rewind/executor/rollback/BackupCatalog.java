package dev.rewind.executor.rollback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.rewind.executor.config.DeploymentTarget;

/** The backups of a version in the backup directory, newest first, by the configured name pattern. */
public final class BackupCatalog {
    private BackupCatalog() {
    }

    public static List<Path> candidates(DeploymentTarget deployment, String version) throws IOException {
        Pattern name = Pattern.compile(Pattern.quote(deployment.backups().pattern())
                .replace("{deployment}", "\\E" + Pattern.quote(deployment.name()) + "\\Q")
                .replace("{version}", "\\E" + Pattern.quote(version) + "\\Q")
                .replace("{suffix}", "\\E.+\\Q"));
        if (!Files.isDirectory(deployment.backups().directory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(deployment.backups().directory())) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> name.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(BackupCatalog::modified).thenComparing(Path::toString).reversed())
                    .toList();
        }
    }

    /** Where the broken version's archive goes: the pattern with {@code broken-<stamp>} as the suffix's kind. */
    public static Path brokenArchive(DeploymentTarget deployment, String version, String stamp) {
        String name = deployment.backups().pattern()
                .replace("{deployment}", deployment.name())
                .replace("{version}", version)
                .replace("backup-{suffix}", "broken-" + stamp)
                .replace("{suffix}", "broken-" + stamp);
        return deployment.backups().directory().resolve(name);
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
