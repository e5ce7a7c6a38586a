package dev.rewind.platform.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a composed SnakeYAML node tree field by field, so that every error names the file, the line
 * and the field ({@link ConfigFileException}).
 */
public final class YamlNodes {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String file;

    public YamlNodes(String file) {
        this.file = file;
    }

    /** Parses a whole document into nodes (duplicate keys refused); a syntax error names its line. */
    public Node compose(java.io.Reader reader) {
        try {
            org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            Node root = new org.yaml.snakeyaml.Yaml(options).compose(reader);
            if (root == null) {
                throw new ConfigFileException(file, 0, "file", "is empty");
            }
            return root;
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            throw new ConfigFileException(file, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, "yaml",
                    e.getProblem());
        }
    }

    public Node required(Map<String, Node> fields, String key, String field, Node parent) {
        Node node = fields.get(key);
        if (node == null) {
            throw error(parent, path(field, key), "is required");
        }
        return node;
    }

    public Map<String, Node> mapping(Node node, String field, Set<String> allowedKeys) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, field, "must be a mapping");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), field);
            if (allowedKeys != null && !allowedKeys.contains(key)) {
                throw error(tuple.getKeyNode(), path(field, key), "is not a known field (expected one of " + allowedKeys + ")");
            }
            fields.put(key, tuple.getValueNode());
        }
        return fields;
    }

    public List<Node> sequence(Node node, String field) {
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, field, "must be a list");
        }
        return sequence.getValue();
    }

    public String scalar(Node node, String field) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, field, "must be a single value");
        }
        return scalar.getValue();
    }

    public String text(Map<String, Node> fields, String key, String field, Node parent) {
        Node node = fields.get(key);
        if (node == null) {
            throw error(parent, path(field, key), "is required");
        }
        String value = scalar(node, path(field, key)).trim();
        if (value.isEmpty()) {
            throw error(node, path(field, key), "must not be empty");
        }
        return value;
    }

    public Optional<Node> optional(Map<String, Node> fields, String key) {
        return Optional.ofNullable(fields.get(key));
    }

    public int integer(Node node, String field) {
        String value = scalar(node, field).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw error(node, field, "must be a whole number, not '" + value + "'");
        }
    }

    public boolean bool(Node node, String field) {
        String value = scalar(node, field).trim();
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(node, field, "must be true or false, not '" + value + "'");
        };
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 1h30m}, {@code 250ms} or ISO-8601 ({@code PT5M}). */
    public Duration duration(Node node, String field) {
        String value = scalar(node, field).trim();
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw error(node, field, "is not a duration: '" + value + "'");
            }
        }
        Matcher matcher = DURATION.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = matcher.end();
        }
        if (end == 0 || end != value.length()) {
            throw error(node, field, "is not a duration: '" + value + "' (write e.g. 30s, 5m, 1h)");
        }
        return total;
    }

    public ConfigFileException error(Node node, String field, String problem) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        return new ConfigFileException(file, line, field, problem);
    }

    public static String path(String parent, String key) {
        return parent == null || parent.isEmpty() ? key : parent + "." + key;
    }
}
