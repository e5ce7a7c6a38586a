package dev.rewind.executor.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.Names;
import dev.rewind.platform.config.ConfigFileException;
import dev.rewind.platform.config.YamlNodes;

/**
 * Reads the operators' deployments file (the executor's part of it). Unknown keys, missing fields and
 * bad values stop start-up with the file, line and field.
 */
public final class DeploymentsFile {
    private static final Set<String> TOP = Set.of("deployments");
    private static final Set<String> DEPLOYMENT = Set.of("target", "lastGoodVersion", "backups", "diagnostics",
            "versionFile", "git", "workload", "verification", "policy");
    private static final Set<String> BACKUPS = Set.of("directory", "pattern", "include", "exclude", "gzipLevel");
    private static final Set<String> DIAGNOSTICS = Set.of("directory", "logs");
    private static final Set<String> VERSION_FILE = Set.of("path", "key");
    private static final Set<String> GIT = Set.of("repository", "tagPattern");
    private static final Set<String> WORKLOAD = Set.of("controller", "match", "user", "start", "gracePeriod", "killTimeout",
            "namespace", "deployment");

    private final YamlNodes yaml;

    private DeploymentsFile(String file) {
        this.yaml = new YamlNodes(file);
    }

    public static Map<String, DeploymentTarget> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new DeploymentsFile(file.toString()).read(reader);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "file", "cannot be read: " + e.getMessage());
        }
    }

    public static Map<String, DeploymentTarget> parse(String name, String text) {
        return new DeploymentsFile(name).read(new java.io.StringReader(text));
    }

    private Map<String, DeploymentTarget> read(Reader reader) {
        Node root = yaml.compose(reader);
        Map<String, Node> top = yaml.mapping(root, "", TOP);
        Map<String, DeploymentTarget> deployments = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : yaml.mapping(yaml.required(top, "deployments", "", root), "deployments", null).entrySet()) {
            if (!Names.isDeployment(entry.getKey())) {
                throw yaml.error(entry.getValue(), "deployments." + entry.getKey(),
                        "is not a deployment name: lower-case letters, digits, '-' and '.' (an RFC 1123 name)");
            }
            deployments.put(entry.getKey(), deployment(entry.getKey(), entry.getValue(), "deployments." + entry.getKey()));
        }
        return deployments;
    }

    private DeploymentTarget deployment(String name, Node node, String field) {
        Map<String, Node> fields = yaml.mapping(node, field, DEPLOYMENT);
        Path target = absolute(yaml.text(fields, "target", field, node), fields.get("target"), field + ".target");
        String lastGood = yaml.optional(fields, "lastGoodVersion").map(n -> version(n, field + ".lastGoodVersion")).orElse(null);

        Node backupsNode = yaml.required(fields, "backups", field, node);
        Map<String, Node> backups = yaml.mapping(backupsNode, field + ".backups", BACKUPS);
        String pattern = yaml.optional(backups, "pattern").map(n -> yaml.scalar(n, field + ".backups.pattern"))
                .orElse(DeploymentTarget.Backups.DEFAULT_PATTERN);
        if (!pattern.contains("{version}") || !pattern.contains("{suffix}")) {
            throw yaml.error(backups.get("pattern"), field + ".backups.pattern", "must contain {version} and {suffix}");
        }
        int gzipLevel = yaml.optional(backups, "gzipLevel").map(n -> yaml.integer(n, field + ".backups.gzipLevel"))
                .orElse(DeploymentTarget.Backups.DEFAULT_GZIP_LEVEL);
        if (gzipLevel < 1 || gzipLevel > 9) {
            throw yaml.error(backups.get("gzipLevel"), field + ".backups.gzipLevel", "must be between 1 (fastest) and 9 (smallest), not " + gzipLevel);
        }
        DeploymentTarget.Backups backupSettings = new DeploymentTarget.Backups(
                absolute(yaml.text(backups, "directory", field + ".backups", backupsNode), backups.get("directory"), field + ".backups.directory"),
                pattern,
                strings(backups, "include", field + ".backups").orElse(DeploymentTarget.Backups.RUNBOOK_INCLUDE),
                strings(backups, "exclude", field + ".backups").orElse(DeploymentTarget.Backups.RUNBOOK_EXCLUDE), gzipLevel);

        Path diagnostics = backupSettings.directory().resolveSibling("diagnostics");
        List<String> logs = List.of();
        if (fields.containsKey("diagnostics")) {
            Map<String, Node> diag = yaml.mapping(fields.get("diagnostics"), field + ".diagnostics", DIAGNOSTICS);
            diagnostics = absolute(yaml.text(diag, "directory", field + ".diagnostics", fields.get("diagnostics")),
                    diag.get("directory"), field + ".diagnostics.directory");
            logs = strings(diag, "logs", field + ".diagnostics").orElse(List.of());
        }

        DeploymentTarget.VersionFile versionFile = DeploymentTarget.VersionFile.RUNBOOK;
        if (fields.containsKey("versionFile")) {
            Map<String, Node> vf = yaml.mapping(fields.get("versionFile"), field + ".versionFile", VERSION_FILE);
            versionFile = new DeploymentTarget.VersionFile(yaml.text(vf, "path", field + ".versionFile", fields.get("versionFile")),
                    yaml.text(vf, "key", field + ".versionFile", fields.get("versionFile")));
        }

        DeploymentTarget.GitFallback git = null;
        if (fields.containsKey("git")) {
            Map<String, Node> g = yaml.mapping(fields.get("git"), field + ".git", GIT);
            git = new DeploymentTarget.GitFallback(
                    absolute(yaml.text(g, "repository", field + ".git", fields.get("git")), g.get("repository"), field + ".git.repository"),
                    yaml.text(g, "tagPattern", field + ".git", fields.get("git")));
            if (!git.tagPattern().contains("{version}")) {
                throw yaml.error(g.get("tagPattern"), field + ".git.tagPattern", "must contain {version}");
            }
        }
        return new DeploymentTarget(name, target, lastGood, backupSettings, diagnostics, logs, versionFile, git,
                workload(fields.get("workload"), field + ".workload"));
    }

    private DeploymentTarget.Workload workload(Node node, String field) {
        if (node == null) {
            return DeploymentTarget.Workload.NONE;
        }
        Map<String, Node> fields = yaml.mapping(node, field, WORKLOAD);
        String kind = yaml.text(fields, "controller", field, node).toUpperCase(Locale.ROOT);
        DeploymentTarget.Workload.Controller controller;
        try {
            controller = DeploymentTarget.Workload.Controller.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw yaml.error(fields.get("controller"), field + ".controller", "must be process, kubernetes or none");
        }
        Duration grace = yaml.optional(fields, "gracePeriod").map(n -> yaml.duration(n, field + ".gracePeriod"))
                .orElse(DeploymentTarget.Workload.DEFAULT_GRACE);
        Duration killTimeout = yaml.optional(fields, "killTimeout").map(n -> yaml.duration(n, field + ".killTimeout"))
                .orElse(DeploymentTarget.Workload.DEFAULT_KILL_TIMEOUT);
        String user = yaml.optional(fields, "user").map(n -> yaml.scalar(n, field + ".user").trim()).orElse(null);
        List<String> match = strings(fields, "match", field).orElse(List.of());
        List<String> start = strings(fields, "start", field).orElse(List.of());
        if (controller == DeploymentTarget.Workload.Controller.PROCESS && match.isEmpty()) {
            throw yaml.error(node, field + ".match", "is required for the process controller (command-line patterns)");
        }
        for (int i = 0; i < match.size(); i++) {
            try {
                java.util.regex.Pattern.compile(match.get(i));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw yaml.error(fields.get("match"), field + ".match[" + i + "]", "is not a regular expression: " + e.getDescription());
            }
        }
        String namespace = yaml.optional(fields, "namespace").map(n -> yaml.scalar(n, field + ".namespace")).orElse(null);
        String deployment = yaml.optional(fields, "deployment").map(n -> yaml.scalar(n, field + ".deployment")).orElse(null);
        if (controller == DeploymentTarget.Workload.Controller.KUBERNETES && deployment == null) {
            throw yaml.error(node, field + ".deployment", "is required for the kubernetes controller");
        }
        return new DeploymentTarget.Workload(controller, match, user, start, grace, killTimeout, namespace, deployment);
    }

    private java.util.Optional<List<String>> strings(Map<String, Node> fields, String key, String field) {
        return yaml.optional(fields, key).map(node -> yaml.sequence(node, field + "." + key).stream()
                .map(item -> yaml.scalar(item, field + "." + key)).toList());
    }

    private String version(Node node, String field) {
        try {
            return Names.version(yaml.scalar(node, field).trim(), field);
        } catch (InvalidEventException e) {
            throw yaml.error(node, field, e.problem());
        }
    }

    private Path absolute(String value, Node node, String field) {
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw yaml.error(node, field, "must be an absolute path, not '" + value + "'");
        }
        return path.normalize();
    }
}
