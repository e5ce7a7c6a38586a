package dev.rewind.verifier.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import dev.rewind.platform.config.ConfigFileException;
import dev.rewind.platform.config.ConfigValueException;
import dev.rewind.platform.config.YamlBinding;
import dev.rewind.verifier.checks.FunctionalTestCheck;
import dev.rewind.verifier.checks.HttpHealthCheck;
import dev.rewind.verifier.checks.McpQueryCheck;

import static dev.rewind.platform.config.ConfigValues.httpUrl;
import static dev.rewind.platform.config.ConfigValues.listOr;
import static dev.rewind.platform.config.ConfigValues.or;

/**
 * The verification profiles file: its schema is the records below (README, "Verification"). Every key of a profile is
 * optional and defaults to the runbook profile's; a bad glob, URL or duration stops start-up with the file, line and
 * field.
 */
public final class ProfilesFile {

    private ProfilesFile() {
    }

    /** The whole file. */
    public record Document(@NotNull(message = "is required") Map<String, @NotNull(message = "must be a mapping") @Valid Profile> profiles) {
    }

    /** One deployment's profile; what it leaves out is the runbook's. */
    public record Profile(List<String> yamlFiles, List<String> requiredFiles, @Valid VersionFile versionFile,
                          List<@NotNull(message = "must be a mapping") @Valid Health> health,
                          List<@NotNull(message = "must be a mapping") @Valid Mcp> mcp, @Valid Smoke smoke,
                          @Valid FunctionalTest functionalTest) {
        public Profile {
            globs(yamlFiles, "yamlFiles");
            globs(requiredFiles, "requiredFiles");
        }
    }

    /** Where the deployed version is written: a YAML file and its key. */
    public record VersionFile(@NotBlank(message = "is required") String path, @NotBlank(message = "is required") String key) {
    }

    /** Runbook 2.5: an HTTP endpoint that must answer with {@code status} within {@code timeout}. */
    public record Health(@NotBlank(message = "is required") String url, Integer status, Duration timeout) {
        public Health {
            if (url != null) {
                httpUrl(url, "url");
            }
        }
    }

    /** Runbook 2.5 and 3.2: a Knowledge MCP server that must answer a query within {@code latencyLimit}. */
    public record Mcp(@NotBlank(message = "is required") String url, String tool, String query, Duration latencyLimit,
                      Duration timeout) {
        public Mcp {
            if (url != null) {
                httpUrl(url, "url");
            }
        }
    }

    /** Runbook 3.1: step 1 and the agents load, the config's paths resolve. */
    public record Smoke(String stepOne, String agents, String configFile, String configPathsKey) {
        public Smoke {
            if (stepOne != null) {
                glob(stepOne, "stepOne");
            }
            if (agents != null) {
                glob(agents, "agents");
            }
        }
    }

    /** Runbook 3.1's functional test: a command that must exit 0 within {@code timeout}. */
    public record FunctionalTest(@NotEmpty(message = "must not be empty") List<@NotNull String> command, Duration timeout) {
    }

    public static Map<String, VerificationProfile> load(Path file, VerificationProfile defaults) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), defaults);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "file", "cannot be read: " + e.getMessage());
        }
    }

    public static Map<String, VerificationProfile> parse(String name, String text, VerificationProfile defaults) {
        Document document = YamlBinding.bind(name, text, Document.class).value();
        Map<String, VerificationProfile> profiles = new LinkedHashMap<>();
        document.profiles().forEach((deployment, profile) -> profiles.put(deployment, profile(profile, defaults)));
        return profiles;
    }

    private static VerificationProfile profile(Profile p, VerificationProfile base) {
        VersionFile version = p.versionFile();
        Smoke smoke = or(p.smoke(), new Smoke(null, null, null, null));
        List<HttpHealthCheck> health = p.health() == null ? base.health() : p.health().stream()
                .map(h -> new HttpHealthCheck(h.url(), or(h.status(), 200), or(h.timeout(), Duration.ofSeconds(5)))).toList();
        List<McpQueryCheck> mcp = p.mcp() == null ? base.mcp() : p.mcp().stream()
                .map(m -> new McpQueryCheck(m.url(), or(m.tool(), "search_knowledge"), or(m.query(), McpQueryCheck.RUNBOOK_QUERY),
                        or(m.latencyLimit(), Duration.ofSeconds(2)), or(m.timeout(), Duration.ofSeconds(10)))).toList();
        FunctionalTestCheck functional = p.functionalTest() == null ? base.functionalTest()
                : new FunctionalTestCheck(p.functionalTest().command(), or(p.functionalTest().timeout(), Duration.ofMinutes(60)));
        return new VerificationProfile(listOr(p.yamlFiles(), base.yamlFiles()), listOr(p.requiredFiles(), base.requiredFiles()),
                version == null ? base.versionFile() : version.path(), version == null ? base.versionKey() : version.key(),
                health, mcp, or(smoke.stepOne(), base.stepOne()), or(smoke.agents(), base.agents()),
                or(smoke.configFile(), base.configFile()), or(smoke.configPathsKey(), base.configPathsKey()), functional);
    }

    private static void globs(List<String> globs, String field) {
        if (globs != null) {
            globs.forEach(glob -> glob(glob, field));
        }
    }

    /** A glob that compiles and stays inside the deployment tree. */
    private static void glob(String glob, String field) {
        if (glob == null || glob.isBlank()) {
            throw new ConfigValueException(field, "entries must not be empty");
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (RuntimeException e) {
            throw new ConfigValueException(field, "'" + glob + "' is not a valid glob: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (glob.startsWith("/") || glob.contains("..")) {
            throw new ConfigValueException(field, "'" + glob + "' must stay inside the deployment tree");
        }
    }
}
