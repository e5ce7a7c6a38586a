package dev.rewind.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a verification check proves, whatever its name says about the file or URL it ran on (runbook 2.4, 2.5, 3.1,
 * 3.2): the {@code kind} of {@code check.completed}.
 */
public enum CheckKind {
    YAML_PARSES("YAML parses"),
    FILE_PRESENT("file present"),
    VERSION("version in"),
    HTTP_HEALTH("HTTP health"),
    KNOWLEDGE_MCP("Knowledge MCP"),
    STEP_ONE_LOADS("Step 1 loads"),
    AGENTS_LOAD("agent personas load"),
    CONFIG_PATHS_RESOLVE("config paths resolve"),
    FUNCTIONAL_TEST("functional test");

    private final String label;

    CheckKind(String label) {
        this.label = label;
    }

    /** How a check's name begins; the rest names what it ran on. */
    public String label() {
        return label;
    }

    /** A check's name for what it ran on, e.g. {@code YAML parses: config.yaml}. */
    public String named(String subject) {
        return label + ": " + subject;
    }

    /** The kind of a check.completed recorded before events carried {@code kind}: its name says it. */
    static Optional<CheckKind> ofLegacyName(String name) {
        return Arrays.stream(values()).filter(kind -> name.startsWith(kind.label)).findFirst();
    }
}
