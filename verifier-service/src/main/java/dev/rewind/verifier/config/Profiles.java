package dev.rewind.verifier.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.rewind.verifier.checks.HttpHealthCheck;
import dev.rewind.verifier.checks.McpQueryCheck;

/**
 * The verification profile of each deployment. This version serves the runbook's built-in profile to
 * every deployment, with the Knowledge MCP checks when {@code rewind.verifier.knowledge-mcp.url} is set.
 */
@ApplicationScoped
public class Profiles {
    private final VerificationProfile runbook;

    public Profiles(@ConfigProperty(name = "rewind.verifier.knowledge-mcp.url") Optional<String> mcpUrl,
                    @ConfigProperty(name = "rewind.verifier.knowledge-mcp.tool", defaultValue = "search_knowledge") String tool,
                    @ConfigProperty(name = "rewind.verifier.knowledge-mcp.health-url") Optional<String> healthUrl,
                    @ConfigProperty(name = "rewind.verifier.knowledge-mcp.latency-limit", defaultValue = "PT2S") Duration latencyLimit) {
        List<McpQueryCheck> mcp = mcpUrl.filter(u -> !u.isBlank())
                .map(url -> List.of(new McpQueryCheck(url, tool, McpQueryCheck.RUNBOOK_QUERY, latencyLimit, Duration.ofSeconds(10))))
                .orElse(List.of());
        List<HttpHealthCheck> health = healthUrl.filter(u -> !u.isBlank())
                .map(url -> List.of(new HttpHealthCheck(url, 200, Duration.ofSeconds(5)))).orElse(List.of());
        this.runbook = VerificationProfile.runbook(health, mcp);
    }

    public VerificationProfile forDeployment(String deployment) {
        return runbook;
    }
}
