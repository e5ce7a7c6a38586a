package dev.rewind.verifier.config;

import java.time.Duration;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.platform.config.ConfigFileException;

import dev.rewind.verifier.checks.HttpHealthCheck;
import dev.rewind.verifier.checks.McpQueryCheck;

/**
 * The verification profile of each deployment: from the profiles file ({@code rewind.verification.path})
 * when it names the deployment, else the runbook's built-in profile, with the Knowledge MCP checks when
 * {@code rewind.verifier.knowledge-mcp.url} is set. A bad profiles file stops start-up.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class Profiles {
    private static final Logger LOG = Logger.getLogger(Profiles.class);

    private final VerificationProfile runbook;
    private final Map<String, VerificationProfile> byDeployment;

    public Profiles(@ConfigProperty(name = "rewind.verifier.knowledge-mcp.url") Optional<String> mcpUrl,
                    @ConfigProperty(name = "rewind.verifier.knowledge-mcp.tool", defaultValue = "search_knowledge") String tool,
                    @ConfigProperty(name = "rewind.verifier.knowledge-mcp.health-url") Optional<String> healthUrl,
                    @ConfigProperty(name = "rewind.verifier.knowledge-mcp.latency-limit", defaultValue = "PT2S") Duration latencyLimit,
                    @ConfigProperty(name = "rewind.verification.path") Optional<String> profilesPath) {
        List<McpQueryCheck> mcp = mcpUrl.filter(u -> !u.isBlank())
                .map(url -> List.of(new McpQueryCheck(url, tool, McpQueryCheck.RUNBOOK_QUERY, latencyLimit, Duration.ofSeconds(10))))
                .orElse(List.of());
        List<HttpHealthCheck> health = healthUrl.filter(u -> !u.isBlank())
                .map(url -> List.of(new HttpHealthCheck(url, 200, Duration.ofSeconds(5)))).orElse(List.of());
        this.runbook = VerificationProfile.runbook(health, mcp);
        if (profilesPath.isEmpty() || profilesPath.get().isBlank()) {
            this.byDeployment = Map.of();
            return;
        }
        try {
            this.byDeployment = ProfilesFile.load(Path.of(profilesPath.get()), runbook);
        } catch (ConfigFileException e) {
            LOG.errorf("invalid verification profiles: %s", e.getMessage());
            throw e;
        }
        LOG.infof("verification profiles from %s: %s", profilesPath.get(), byDeployment.keySet());
    }

    public VerificationProfile forDeployment(String deployment) {
        return byDeployment.getOrDefault(deployment, runbook);
    }
}
