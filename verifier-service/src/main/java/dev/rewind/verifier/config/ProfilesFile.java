package dev.rewind.verifier.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

import dev.rewind.platform.config.ConfigFileException;
import dev.rewind.platform.config.YamlNodes;
import dev.rewind.verifier.checks.FunctionalTestCheck;
import dev.rewind.verifier.checks.HttpHealthCheck;
import dev.rewind.verifier.checks.McpQueryCheck;

/**
 * Reads per-deployment verification profiles. Every key is optional and defaults to the runbook
 * profile's; a bad glob, URL or duration stops start-up with the file, line and field.
 */
public final class ProfilesFile {
    private static final Set<String> PROFILE = Set.of("yamlFiles", "requiredFiles", "versionFile", "health", "mcp", "smoke",
            "functionalTest");
    private static final Set<String> VERSION = Set.of("path", "key");
    private static final Set<String> HEALTH = Set.of("url", "status", "timeout");
    private static final Set<String> MCP = Set.of("url", "tool", "query", "latencyLimit", "timeout");
    private static final Set<String> SMOKE = Set.of("stepOne", "agents", "configFile", "configPathsKey");
    private static final Set<String> FUNCTIONAL = Set.of("command", "timeout");

    private final YamlNodes yaml;

    private ProfilesFile(String file) {
        this.yaml = new YamlNodes(file);
    }

    public static Map<String, VerificationProfile> load(Path file, VerificationProfile defaults) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new ProfilesFile(file.toString()).read(reader, defaults);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "file", "cannot be read: " + e.getMessage());
        }
    }

    public static Map<String, VerificationProfile> parse(String name, String text, VerificationProfile defaults) {
        return new ProfilesFile(name).read(new java.io.StringReader(text), defaults);
    }

    private Map<String, VerificationProfile> read(Reader reader, VerificationProfile defaults) {
        Node root = yaml.compose(reader);
        Map<String, Node> top = yaml.mapping(root, "", Set.of("profiles"));
        Map<String, VerificationProfile> profiles = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : yaml.mapping(yaml.required(top, "profiles", "", root), "profiles", null).entrySet()) {
            profiles.put(entry.getKey(), profile(entry.getValue(), "profiles." + entry.getKey(), defaults));
        }
        return profiles;
    }

    private VerificationProfile profile(Node node, String field, VerificationProfile base) {
        Map<String, Node> fields = yaml.mapping(node, field, PROFILE);
        List<String> yamlFiles = globs(fields, "yamlFiles", field).orElse(base.yamlFiles());
        List<String> required = globs(fields, "requiredFiles", field).orElse(base.requiredFiles());
        String versionFile = base.versionFile();
        String versionKey = base.versionKey();
        if (fields.containsKey("versionFile")) {
            Map<String, Node> version = yaml.mapping(fields.get("versionFile"), field + ".versionFile", VERSION);
            versionFile = yaml.text(version, "path", field + ".versionFile", fields.get("versionFile"));
            versionKey = yaml.text(version, "key", field + ".versionFile", fields.get("versionFile"));
        }
        List<HttpHealthCheck> health = base.health();
        if (fields.containsKey("health")) {
            health = new ArrayList<>();
            List<Node> items = yaml.sequence(fields.get("health"), field + ".health");
            for (int i = 0; i < items.size(); i++) {
                String itemField = field + ".health[" + i + "]";
                Map<String, Node> item = yaml.mapping(items.get(i), itemField, HEALTH);
                health.add(new HttpHealthCheck(url(item, itemField, items.get(i)),
                        yaml.optional(item, "status").map(n -> yaml.integer(n, itemField + ".status")).orElse(200),
                        yaml.optional(item, "timeout").map(n -> yaml.duration(n, itemField + ".timeout")).orElse(Duration.ofSeconds(5))));
            }
        }
        List<McpQueryCheck> mcp = base.mcp();
        if (fields.containsKey("mcp")) {
            mcp = new ArrayList<>();
            List<Node> items = yaml.sequence(fields.get("mcp"), field + ".mcp");
            for (int i = 0; i < items.size(); i++) {
                String itemField = field + ".mcp[" + i + "]";
                Map<String, Node> item = yaml.mapping(items.get(i), itemField, MCP);
                mcp.add(new McpQueryCheck(url(item, itemField, items.get(i)),
                        yaml.optional(item, "tool").map(n -> yaml.scalar(n, itemField + ".tool")).orElse("search_knowledge"),
                        yaml.optional(item, "query").map(n -> yaml.scalar(n, itemField + ".query")).orElse(McpQueryCheck.RUNBOOK_QUERY),
                        yaml.optional(item, "latencyLimit").map(n -> yaml.duration(n, itemField + ".latencyLimit")).orElse(Duration.ofSeconds(2)),
                        yaml.optional(item, "timeout").map(n -> yaml.duration(n, itemField + ".timeout")).orElse(Duration.ofSeconds(10))));
            }
        }
        String stepOne = base.stepOne();
        String agents = base.agents();
        String configFile = base.configFile();
        String configPathsKey = base.configPathsKey();
        if (fields.containsKey("smoke")) {
            Map<String, Node> smoke = yaml.mapping(fields.get("smoke"), field + ".smoke", SMOKE);
            stepOne = yaml.optional(smoke, "stepOne").map(n -> glob(n, field + ".smoke.stepOne")).orElse(stepOne);
            agents = yaml.optional(smoke, "agents").map(n -> glob(n, field + ".smoke.agents")).orElse(agents);
            configFile = yaml.optional(smoke, "configFile").map(n -> yaml.scalar(n, field + ".smoke.configFile")).orElse(configFile);
            configPathsKey = yaml.optional(smoke, "configPathsKey").map(n -> yaml.scalar(n, field + ".smoke.configPathsKey")).orElse(configPathsKey);
        }
        FunctionalTestCheck functional = base.functionalTest();
        if (fields.containsKey("functionalTest")) {
            Node testNode = fields.get("functionalTest");
            Map<String, Node> test = yaml.mapping(testNode, field + ".functionalTest", FUNCTIONAL);
            List<String> command = yaml.sequence(yaml.required(test, "command", field + ".functionalTest", testNode), field + ".functionalTest.command")
                    .stream().map(n -> yaml.scalar(n, field + ".functionalTest.command")).toList();
            if (command.isEmpty()) {
                throw yaml.error(testNode, field + ".functionalTest.command", "must not be empty");
            }
            functional = new FunctionalTestCheck(command, yaml.optional(test, "timeout")
                    .map(n -> yaml.duration(n, field + ".functionalTest.timeout")).orElse(Duration.ofMinutes(60)));
        }
        return new VerificationProfile(yamlFiles, required, versionFile, versionKey, health, mcp, stepOne, agents, configFile,
                configPathsKey, functional);
    }

    private Optional<List<String>> globs(Map<String, Node> fields, String key, String field) {
        return yaml.optional(fields, key).map(node -> yaml.sequence(node, field + "." + key).stream()
                .map(item -> glob(item, field + "." + key)).toList());
    }

    private String glob(Node node, String field) {
        String glob = yaml.scalar(node, field);
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (RuntimeException e) {
            throw yaml.error(node, field, "'" + glob + "' is not a valid glob: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (glob.startsWith("/") || glob.contains("..")) {
            throw yaml.error(node, field, "'" + glob + "' must stay inside the deployment tree");
        }
        return glob;
    }

    private String url(Map<String, Node> item, String field, Node node) {
        String url = yaml.text(item, "url", field, node);
        try {
            java.net.URI uri = java.net.URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw yaml.error(item.get("url"), field + ".url", "'" + url + "' is not an http(s) URL");
        }
        return url;
    }
}
