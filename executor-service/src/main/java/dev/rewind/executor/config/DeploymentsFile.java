package dev.rewind.executor.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Names;
import dev.rewind.executor.config.DeploymentTarget.Workload.Controller;
import dev.rewind.platform.config.ConfigFileException;
import dev.rewind.platform.config.ConfigValueException;
import dev.rewind.platform.config.YamlBinding;

import static dev.rewind.platform.config.ConfigValues.listOr;
import static dev.rewind.platform.config.ConfigValues.or;

/**
 * The operators' deployments file (the executor's part of it): its schema is the records below (README, "The
 * deployments file"). Unknown keys, missing fields and bad values stop start-up with the file, line and field.
 */
public final class DeploymentsFile {
    private static final String GZIP_LEVEL = "must be between 1 (fastest) and 9 (smallest), not %s";

    private DeploymentsFile() {
    }

    /** The whole file: each deployment under its RFC 1123 name. */
    public record Document(@NotNull(message = "is required")
                           Map<String, @NotNull(message = "must be a mapping") @Valid Deployment> deployments) {
    }

    /** One deployment; {@code verification} and {@code policy} belong to the other services and are passed over. */
    @JsonIgnoreProperties({"verification", "policy"})
    public record Deployment(@NotBlank(message = "is required") String target, String lastGoodVersion,
                             @NotNull(message = "is required") @Valid Backups backups, @Valid Diagnostics diagnostics,
                             @Valid VersionFile versionFile, @Valid Git git, @Valid Workload workload) {
        public Deployment {
            absolute(target, "target");
            if (lastGoodVersion != null) {
                try {
                    Names.version(lastGoodVersion.trim(), "lastGoodVersion");
                } catch (InvalidEventException e) {
                    throw new ConfigValueException("lastGoodVersion", e.problem());
                }
            }
        }
    }

    /** Where the backups are, what they hold, and how hard 2.2 compresses the broken version's archive. */
    public record Backups(@NotBlank(message = "is required") String directory, String pattern, List<String> include,
                          List<String> exclude,
                          @Min(value = 1, message = GZIP_LEVEL) @Max(value = 9, message = GZIP_LEVEL) Integer gzipLevel) {
        public Backups {
            absolute(directory, "directory");
            if (pattern != null && (!pattern.contains("{version}") || !pattern.contains("{suffix}"))) {
                throw new ConfigValueException("pattern", "must contain {version} and {suffix}");
            }
        }
    }

    /** Where 1.2 writes the diagnostics, and the logs it copies. */
    public record Diagnostics(@NotBlank(message = "is required") String directory, List<String> logs) {
        public Diagnostics {
            absolute(directory, "directory");
        }
    }

    public record VersionFile(@NotBlank(message = "is required") String path, @NotBlank(message = "is required") String key) {
    }

    /** A repository and tag pattern to export the good version from when no backup is valid. */
    public record Git(@NotBlank(message = "is required") String repository, @NotBlank(message = "is required") String tagPattern) {
        public Git {
            absolute(repository, "repository");
            if (tagPattern != null && !tagPattern.contains("{version}")) {
                throw new ConfigValueException("tagPattern", "must contain {version}");
            }
        }
    }

    /** How the workload is stopped and started: by its processes or by its Kubernetes Deployment. */
    public record Workload(@NotNull(message = "is required") Controller controller, List<String> match, String user,
                           List<String> start, Duration gracePeriod, Duration killTimeout, String namespace, String deployment) {
        public Workload {
            if (controller == Controller.PROCESS && (match == null || match.isEmpty())) {
                throw new ConfigValueException("match", "is required for the process controller (command-line patterns)");
            }
            for (int i = 0; match != null && i < match.size(); i++) {
                try {
                    java.util.regex.Pattern.compile(String.valueOf(match.get(i)));
                } catch (PatternSyntaxException e) {
                    throw new ConfigValueException("match[" + i + "]", "is not a regular expression: " + e.getDescription());
                }
            }
            if (controller == Controller.KUBERNETES && deployment == null) {
                throw new ConfigValueException("deployment", "is required for the kubernetes controller");
            }
        }
    }

    public static Map<String, DeploymentTarget> load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "file", "cannot be read: " + e.getMessage());
        }
    }

    public static Map<String, DeploymentTarget> parse(String name, String text) {
        YamlBinding.Bound<Document> bound = YamlBinding.bind(name, text, Document.class);
        Map<String, DeploymentTarget> deployments = new LinkedHashMap<>();
        bound.value().deployments().forEach((deployment, entry) -> {
            if (!Names.isDeployment(deployment)) {
                throw bound.lines().error("deployments." + deployment,
                        "is not a deployment name: lower-case letters, digits, '-' and '.' (an RFC 1123 name)");
            }
            deployments.put(deployment, target(deployment, entry));
        });
        return deployments;
    }

    private static DeploymentTarget target(String name, Deployment d) {
        Backups b = d.backups();
        DeploymentTarget.Backups backups = new DeploymentTarget.Backups(path(b.directory()),
                or(b.pattern(), DeploymentTarget.Backups.DEFAULT_PATTERN),
                listOr(b.include(), DeploymentTarget.Backups.RUNBOOK_INCLUDE), listOr(b.exclude(), DeploymentTarget.Backups.RUNBOOK_EXCLUDE),
                or(b.gzipLevel(), DeploymentTarget.Backups.DEFAULT_GZIP_LEVEL));
        Path diagnostics = d.diagnostics() == null ? backups.directory().resolveSibling("diagnostics") : path(d.diagnostics().directory());
        List<String> logs = d.diagnostics() == null ? List.of() : listOr(d.diagnostics().logs(), List.of());
        DeploymentTarget.VersionFile versionFile = d.versionFile() == null ? DeploymentTarget.VersionFile.RUNBOOK
                : new DeploymentTarget.VersionFile(d.versionFile().path().trim(), d.versionFile().key().trim());
        DeploymentTarget.GitFallback git = d.git() == null ? null
                : new DeploymentTarget.GitFallback(path(d.git().repository()), d.git().tagPattern().trim());
        return new DeploymentTarget(name, path(d.target()), d.lastGoodVersion() == null ? null : d.lastGoodVersion().trim(),
                backups, diagnostics, logs, versionFile, git, workload(d.workload()));
    }

    private static DeploymentTarget.Workload workload(Workload w) {
        if (w == null) {
            return DeploymentTarget.Workload.NONE;
        }
        return new DeploymentTarget.Workload(w.controller(), listOr(w.match(), List.of()), w.user() == null ? null : w.user().trim(),
                listOr(w.start(), List.of()), or(w.gracePeriod(), DeploymentTarget.Workload.DEFAULT_GRACE),
                or(w.killTimeout(), DeploymentTarget.Workload.DEFAULT_KILL_TIMEOUT), w.namespace(), w.deployment());
    }

    private static void absolute(String value, String field) {
        if (value == null) {
            return;
        }
        try {
            if (Path.of(value.trim()).isAbsolute()) {
                return;
            }
        } catch (InvalidPathException e) {
            throw new ConfigValueException(field, "is not a path: " + e.getReason());
        }
        throw new ConfigValueException(field, "must be an absolute path, not '" + value + "'");
    }

    private static Path path(String value) {
        return Path.of(value.trim()).normalize();
    }
}
