package dev.rewind.incident.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

import dev.rewind.events.MetricUnit;
import dev.rewind.events.Names;
import dev.rewind.incident.domain.Condition;
import dev.rewind.platform.config.ConfigFileException;
import dev.rewind.platform.config.YamlNodes;
import dev.rewind.incident.domain.DecisionLimits;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.EscalationStep;
import dev.rewind.incident.domain.Policy;
import dev.rewind.incident.domain.TierRule;

/**
 * Reads the rollback policy YAML. A deployment's section overrides the defaults key by key; its
 * {@code rules} replace the default rules of the metrics they name and keep the others.
 */
public final class PolicyFile {
    public static final String BUILT_IN = "classpath:rewind/default-policy.yaml";
    private static final Set<String> TOP = Set.of("defaults", "deployments", "metrics", "unconfiguredDeployments");
    private static final Set<String> SECTION = Set.of("autoAuthorizeTier1", "escalation", "decisionTree", "rules");
    private static final Set<String> RULE = Set.of("metric", "tier", "when", "for");
    private static final Set<String> STEP = Set.of("role", "after");
    private static final Set<String> TREE = Set.of("severeFixMinutes", "moderateFixMinutes", "minorFixMinutes");

    private final YamlNodes yaml;

    private PolicyFile(String file) {
        this.yaml = new YamlNodes(file);
    }

    /** Loads a policy from a path, or the built-in seed policy for {@link #BUILT_IN}. */
    public static Policy load(String location) {
        try (Reader reader = open(location)) {
            return new PolicyFile(location).read(reader);
        } catch (IOException e) {
            throw new ConfigFileException(location, 0, "file", "cannot be read: " + e.getMessage());
        }
    }

    public static Policy parse(String name, String text) {
        return new PolicyFile(name).read(new java.io.StringReader(text));
    }

    private static Reader open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            InputStream stream = PolicyFile.class.getClassLoader().getResourceAsStream(location.substring("classpath:".length()));
            if (stream == null) {
                throw new IOException("no such resource");
            }
            return new InputStreamReader(stream, StandardCharsets.UTF_8);
        }
        return Files.newBufferedReader(Path.of(location), StandardCharsets.UTF_8);
    }

    private Policy read(Reader reader) {
        Node root = yaml.compose(reader);
        Map<String, Node> top = yaml.mapping(root, "", TOP);
        Node defaultsNode = top.get("defaults");
        if (defaultsNode == null) {
            throw yaml.error(root, "defaults", "is required");
        }
        Section defaults = section(defaultsNode, "defaults", null);
        DeploymentPolicy defaultPolicy = defaults.toPolicy(yaml, defaultsNode, "defaults");
        Map<String, MetricUnit> units = units(top.get("metrics"));
        checkUnits(defaultsNode, "defaults", defaultPolicy, units);
        Map<String, DeploymentPolicy> deployments = new HashMap<>();
        Node deploymentsNode = top.get("deployments");
        if (deploymentsNode != null) {
            for (Map.Entry<String, Node> entry : yaml.mapping(deploymentsNode, "deployments", null).entrySet()) {
                String field = "deployments." + entry.getKey();
                if (!Names.isDeployment(entry.getKey())) {
                    throw yaml.error(entry.getValue(), field, "is not a deployment name: lower-case letters, digits, '-' and '.'");
                }
                DeploymentPolicy policy = section(entry.getValue(), field, defaults).toPolicy(yaml, entry.getValue(), field);
                checkUnits(entry.getValue(), field, policy, units);
                deployments.put(entry.getKey(), policy);
            }
        }
        boolean acceptsUnconfigured = yaml.optional(top, "unconfiguredDeployments").map(n -> {
            String value = yaml.scalar(n, "unconfiguredDeployments");
            if (!value.equals("refuse") && !value.equals("accept")) {
                throw yaml.error(n, "unconfiguredDeployments", "must be refuse or accept");
            }
            return value.equals("accept");
        }).orElse(false);
        return new Policy(defaultPolicy, deployments, units, acceptsUnconfigured);
    }

    /** The runbook's units, plus (or overridden by) the file's {@code metrics: {name: unit}}. */
    private Map<String, MetricUnit> units(Node node) {
        Map<String, MetricUnit> units = new HashMap<>(Policy.RUNBOOK_UNITS);
        if (node != null) {
            for (Map.Entry<String, Node> entry : yaml.mapping(node, "metrics", null).entrySet()) {
                String field = "metrics." + entry.getKey();
                try {
                    Names.metric(entry.getKey(), field);
                    units.put(entry.getKey(), MetricUnit.fromWireName(yaml.scalar(entry.getValue(), field)));
                } catch (IllegalArgumentException | dev.rewind.events.InvalidEventException e) {
                    throw yaml.error(entry.getValue(), field, e instanceof dev.rewind.events.InvalidEventException invalid
                            ? invalid.problem() : e.getMessage());
                }
            }
        }
        return units;
    }

    /** Every metric a rule names needs a unit, so every signal's value can be checked. */
    private void checkUnits(Node node, String field, DeploymentPolicy policy, Map<String, MetricUnit> units) {
        for (String metric : policy.knownMetrics()) {
            if (!units.containsKey(metric)) {
                throw yaml.error(node, field + ".rules", "metric " + metric + " has no unit: declare it under metrics "
                        + "(ratio, count, seconds or flag)");
            }
        }
    }

    private record Section(Boolean autoAuthorizeTier1, List<EscalationStep> escalation, DecisionLimits limits,
                           List<TierRule> rules) {
        DeploymentPolicy toPolicy(YamlNodes yaml, Node node, String field) {
            if (rules == null || rules.isEmpty()) {
                throw yaml.error(node, field + ".rules", "must name at least one rule");
            }
            return new DeploymentPolicy(rules, autoAuthorizeTier1 == null || autoAuthorizeTier1,
                    escalation == null ? List.of() : escalation, limits == null ? DecisionLimits.RUNBOOK : limits);
        }
    }

    private Section section(Node node, String field, Section base) {
        Map<String, Node> fields = yaml.mapping(node, field, SECTION);
        Boolean auto = yaml.optional(fields, "autoAuthorizeTier1").map(n -> yaml.bool(n, field + ".autoAuthorizeTier1"))
                .orElse(base == null ? null : base.autoAuthorizeTier1());
        List<EscalationStep> escalation = yaml.optional(fields, "escalation").map(n -> escalation(n, field + ".escalation"))
                .orElse(base == null ? null : base.escalation());
        DecisionLimits limits = yaml.optional(fields, "decisionTree").map(n -> limits(n, field + ".decisionTree"))
                .orElse(base == null ? null : base.limits());
        List<TierRule> rules = yaml.optional(fields, "rules").map(n -> rules(n, field + ".rules")).orElse(null);
        if (base != null) {
            rules = merge(base.rules(), rules);
        }
        return new Section(auto, escalation, limits, rules);
    }

    private static List<TierRule> merge(List<TierRule> defaults, List<TierRule> overrides) {
        if (overrides == null) {
            return defaults;
        }
        Set<String> overridden = new java.util.HashSet<>();
        overrides.forEach(rule -> overridden.add(rule.metric()));
        List<TierRule> merged = new ArrayList<>(overrides);
        defaults.stream().filter(rule -> !overridden.contains(rule.metric())).forEach(merged::add);
        return merged;
    }

    private List<TierRule> rules(Node node, String field) {
        List<TierRule> rules = new ArrayList<>();
        List<Node> items = yaml.sequence(node, field);
        for (int i = 0; i < items.size(); i++) {
            String itemField = field + "[" + i + "]";
            Node item = items.get(i);
            Map<String, Node> fields = yaml.mapping(item, itemField, RULE);
            String metric = yaml.text(fields, "metric", itemField, item);
            int tier = yaml.integer(yaml.required(fields, "tier", itemField, item), itemField + ".tier");
            if (tier < 1 || tier > 3) {
                throw yaml.error(fields.get("tier"), itemField + ".tier", "must be 1, 2 or 3");
            }
            Condition condition;
            try {
                condition = Condition.parse(yaml.text(fields, "when", itemField, item));
            } catch (IllegalArgumentException e) {
                throw yaml.error(fields.get("when"), itemField + ".when", e.getMessage());
            }
            Duration window = yaml.optional(fields, "for").map(n -> yaml.duration(n, itemField + ".for")).orElse(Duration.ZERO);
            rules.add(new TierRule(metric, tier, condition, window));
        }
        return rules;
    }

    private List<EscalationStep> escalation(Node node, String field) {
        List<EscalationStep> steps = new ArrayList<>();
        List<Node> items = yaml.sequence(node, field);
        Duration previous = Duration.ZERO;
        for (int i = 0; i < items.size(); i++) {
            String itemField = field + "[" + i + "]";
            Map<String, Node> fields = yaml.mapping(items.get(i), itemField, STEP);
            String role = yaml.text(fields, "role", itemField, items.get(i));
            Duration after = yaml.duration(yaml.required(fields, "after", itemField, items.get(i)), itemField + ".after");
            if (after.compareTo(previous) < 0) {
                throw yaml.error(fields.get("after"), itemField + ".after", "must not be earlier than the step before");
            }
            previous = after;
            steps.add(new EscalationStep(role, after));
        }
        return steps;
    }

    private DecisionLimits limits(Node node, String field) {
        Map<String, Node> fields = yaml.mapping(node, field, TREE);
        Map<String, Duration> minutes = new LinkedHashMap<>();
        for (String key : List.of("severeFixMinutes", "moderateFixMinutes", "minorFixMinutes")) {
            Node value = yaml.required(fields, key, field, node);
            int amount = yaml.integer(value, field + "." + key);
            if (amount <= 0) {
                throw yaml.error(value, field + "." + key, "must be positive");
            }
            minutes.put(key, Duration.ofMinutes(amount));
        }
        return new DecisionLimits(minutes.get("severeFixMinutes"), minutes.get("moderateFixMinutes"), minutes.get("minorFixMinutes"));
    }
}
