package dev.rewind.incident.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.MetricUnit;
import dev.rewind.events.Names;
import dev.rewind.incident.domain.Condition;
import dev.rewind.incident.domain.DecisionLimits;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.EscalationStep;
import dev.rewind.incident.domain.HeightenedPolicy;
import dev.rewind.incident.domain.Policy;
import dev.rewind.incident.domain.ResolutionPolicy;
import dev.rewind.incident.domain.TierRule;
import dev.rewind.platform.config.ConfigFileException;
import dev.rewind.platform.config.ConfigValueException;
import dev.rewind.platform.config.YamlBinding;

import static dev.rewind.platform.config.ConfigValues.or;

/**
 * The rollback policy file: its schema is the records below (README, "The rollback policy"). A deployment's section
 * overrides the defaults key by key; its {@code rules} replace the default rules of the metrics they name and keep the
 * others.
 */
public final class PolicyFile {
    public static final String BUILT_IN = "classpath:rewind/default-policy.yaml";

    private PolicyFile() {
    }

    /** The whole file. {@code metrics} adds units to the runbook's (or overrides them). */
    public record Document(@NotNull(message = "is required") @Valid Section defaults,
                           Map<String, @NotNull(message = "must be a mapping") @Valid Section> deployments,
                           Map<String, @NotNull(message = "is required") String> metrics,
                           @Pattern(regexp = "refuse|accept", message = "must be refuse or accept") String unconfiguredDeployments) {
    }

    /** The defaults, or one deployment's overrides of them. */
    public record Section(Boolean autoAuthorizeTier1, List<@NotNull(message = "must be a mapping") @Valid Step> escalation,
                          @Valid Tree decisionTree, List<@NotNull(message = "must be a mapping") @Valid Rule> rules,
                          Ending resolution, @Valid Heightened heightened) {
        public Section {
            for (int i = 1; escalation != null && i < escalation.size(); i++) {
                Step before = escalation.get(i - 1);
                Step step = escalation.get(i);
                if (before != null && step != null && before.after() != null && step.after() != null
                        && step.after().compareTo(before.after()) < 0) {
                    throw new ConfigValueException("escalation[" + i + "].after", "must not be earlier than the step before");
                }
            }
        }
    }

    /** A tier rule: the metric, its tier, the condition, and how long it must hold ({@code for}). */
    public record Rule(@NotBlank(message = "is required") String metric,
                       @NotNull(message = "is required") @Min(value = 1, message = "must be 1, 2 or 3")
                       @Max(value = 3, message = "must be 1, 2 or 3") Integer tier,
                       @NotBlank(message = "is required") String when, @JsonProperty("for") Duration window) {
        public Rule {
            if (when != null && !when.isBlank()) {
                condition(when);
            }
        }

        Condition condition() {
            return condition(when);
        }

        private static Condition condition(String when) {
            try {
                return Condition.parse(when.trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigValueException("when", e.getMessage());
            }
        }
    }

    /** An escalation step: the role paged, and after how long since the incident opened. */
    public record Step(@NotBlank(message = "is required") String role, @NotNull(message = "is required") Duration after) {
    }

    /** The runbook's decision tree: how long a fix may take at each severity before a rollback is the answer. */
    public record Tree(@NotNull(message = "is required") @Positive(message = "must be positive") Integer severeFixMinutes,
                       @NotNull(message = "is required") @Positive(message = "must be positive") Integer moderateFixMinutes,
                       @NotNull(message = "is required") @Positive(message = "must be positive") Integer minorFixMinutes) {
    }

    /**
     * When Rewind ends an incident by itself: {@code recoveredFor} (a signal-opened incident not yet rolled back,
     * its metric below every tier that long) and {@code deniedQuietFor} (a denied one, no tier met that long); 0 = never.
     */
    public record Ending(Duration recoveredFor, Duration deniedQuietFor) {
        public Ending {
            if (recoveredFor != null && recoveredFor.isNegative()) {
                throw new ConfigValueException("recoveredFor", "must not be negative");
            }
            if (deniedQuietFor != null && deniedQuietFor.isNegative()) {
                throw new ConfigValueException("deniedQuietFor", "must not be negative");
            }
        }
    }

    /**
     * The runbook's "24-hour heightened monitoring" of a signed-off hotfix: how long ({@code for}, 0 = none) and how
     * the tier rules are scaled meanwhile ({@code thresholds}, {@code windows}: more than 0, at most 1).
     */
    public record Heightened(@JsonProperty("for") Duration period,
                             @jakarta.validation.constraints.DecimalMin(value = "0", inclusive = false, message = "must be more than 0 and at most 1")
                             @jakarta.validation.constraints.DecimalMax(value = "1", message = "must be more than 0 and at most 1") Double thresholds,
                             @jakarta.validation.constraints.DecimalMin(value = "0", inclusive = false, message = "must be more than 0 and at most 1")
                             @jakarta.validation.constraints.DecimalMax(value = "1", message = "must be more than 0 and at most 1") Double windows) {
        public Heightened {
            if (period != null && period.isNegative()) {
                throw new ConfigValueException("for", "must not be negative");
            }
        }
    }

    /** Loads a policy from a path, or the built-in seed policy for {@link #BUILT_IN}. */
    public static Policy load(String location) {
        try {
            return parse(location, read(location));
        } catch (IOException e) {
            throw new ConfigFileException(location, 0, "file", "cannot be read: " + e.getMessage());
        }
    }

    public static Policy parse(String name, String text) {
        YamlBinding.Bound<Document> bound = YamlBinding.bind(name, text, Document.class);
        Document document = bound.value();
        YamlBinding.Lines lines = bound.lines();
        Map<String, MetricUnit> units = units(document.metrics(), lines);
        DeploymentPolicy defaults = policy(document.defaults(), "defaults", units, lines);
        Map<String, DeploymentPolicy> deployments = new HashMap<>();
        if (document.deployments() != null) {
            document.deployments().forEach((deployment, section) -> {
                String field = "deployments." + deployment;
                if (!Names.isDeployment(deployment)) {
                    throw lines.error(field, "is not a deployment name: lower-case letters, digits, '-' and '.'");
                }
                deployments.put(deployment, policy(merge(document.defaults(), section), field, units, lines));
            });
        }
        return new Policy(defaults, deployments, units, "accept".equals(document.unconfiguredDeployments()));
    }

    private static String read(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            try (InputStream stream = PolicyFile.class.getClassLoader().getResourceAsStream(location.substring("classpath:".length()))) {
                if (stream == null) {
                    throw new IOException("no such resource");
                }
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return Files.readString(Path.of(location), StandardCharsets.UTF_8);
    }

    /** The runbook's units, plus (or overridden by) the file's {@code metrics: {name: unit}}. */
    private static Map<String, MetricUnit> units(Map<String, String> declared, YamlBinding.Lines lines) {
        Map<String, MetricUnit> units = new HashMap<>(Policy.RUNBOOK_UNITS);
        if (declared != null) {
            declared.forEach((metric, unit) -> {
                String field = "metrics." + metric;
                try {
                    Names.metric(metric, field);
                    units.put(metric, MetricUnit.fromWireName(unit));
                } catch (InvalidEventException e) {
                    throw lines.error(field, e.problem());
                } catch (IllegalArgumentException e) {
                    throw lines.error(field, e.getMessage());
                }
            });
        }
        return units;
    }

    /** A deployment's section over the defaults: key by key, and rule by metric. */
    private static Section merge(Section defaults, Section section) {
        List<Rule> rules = defaults.rules();
        if (section.rules() != null) {
            Set<String> overridden = new HashSet<>();
            section.rules().forEach(rule -> overridden.add(rule.metric()));
            rules = new ArrayList<>(section.rules());
            for (Rule rule : or(defaults.rules(), List.<Rule>of())) {
                if (!overridden.contains(rule.metric())) {
                    rules.add(rule);
                }
            }
        }
        Ending ending = defaults.resolution();
        if (section.resolution() != null) {
            ending = ending == null ? section.resolution() : new Ending(or(section.resolution().recoveredFor(), ending.recoveredFor()),
                    or(section.resolution().deniedQuietFor(), ending.deniedQuietFor()));
        }
        Heightened heightened = defaults.heightened();
        if (section.heightened() != null) {
            heightened = heightened == null ? section.heightened() : new Heightened(or(section.heightened().period(), heightened.period()),
                    or(section.heightened().thresholds(), heightened.thresholds()), or(section.heightened().windows(), heightened.windows()));
        }
        return new Section(or(section.autoAuthorizeTier1(), defaults.autoAuthorizeTier1()), or(section.escalation(), defaults.escalation()),
                or(section.decisionTree(), defaults.decisionTree()), rules, ending, heightened);
    }

    private static DeploymentPolicy policy(Section section, String field, Map<String, MetricUnit> units, YamlBinding.Lines lines) {
        if (section.rules() == null || section.rules().isEmpty()) {
            throw lines.error(field + ".rules", "must name at least one rule");
        }
        List<TierRule> rules = section.rules().stream()
                .map(r -> new TierRule(r.metric().trim(), r.tier(), r.condition(), or(r.window(), Duration.ZERO))).toList();
        List<EscalationStep> escalation = or(section.escalation(), List.<Step>of()).stream()
                .map(s -> new EscalationStep(s.role().trim(), s.after())).toList();
        Tree tree = section.decisionTree();
        DecisionLimits limits = tree == null ? DecisionLimits.RUNBOOK : new DecisionLimits(Duration.ofMinutes(tree.severeFixMinutes()),
                Duration.ofMinutes(tree.moderateFixMinutes()), Duration.ofMinutes(tree.minorFixMinutes()));
        Ending ending = section.resolution();
        ResolutionPolicy resolution = ending == null ? ResolutionPolicy.RUNBOOK : new ResolutionPolicy(
                or(ending.recoveredFor(), ResolutionPolicy.RUNBOOK.recoveredFor()), or(ending.deniedQuietFor(), ResolutionPolicy.RUNBOOK.deniedQuietFor()));
        Heightened watch = section.heightened();
        HeightenedPolicy heightened = watch == null ? HeightenedPolicy.RUNBOOK : new HeightenedPolicy(
                or(watch.period(), HeightenedPolicy.RUNBOOK.period()), or(watch.thresholds(), HeightenedPolicy.RUNBOOK.thresholdFactor()),
                or(watch.windows(), HeightenedPolicy.RUNBOOK.windowFactor()));
        DeploymentPolicy policy = new DeploymentPolicy(rules, section.autoAuthorizeTier1() == null || section.autoAuthorizeTier1(),
                escalation, limits, resolution, heightened);
        for (String metric : policy.knownMetrics()) {
            if (!units.containsKey(metric)) {
                throw lines.error(field + ".rules", "metric " + metric + " has no unit: declare it under metrics "
                        + "(ratio, count, seconds or flag)");
            }
        }
        return policy;
    }
}
