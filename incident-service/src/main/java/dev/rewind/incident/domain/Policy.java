package dev.rewind.incident.domain;

import java.util.Map;
import java.util.Optional;

import dev.rewind.events.MetricUnit;

/**
 * The whole rollback policy: defaults and per-deployment overrides (already merged), the unit of every
 * metric, and whether signals of deployments the file does not name are taken (by default they are refused).
 */
public record Policy(DeploymentPolicy defaults, Map<String, DeploymentPolicy> deployments, Map<String, MetricUnit> units,
                     boolean acceptsUnconfigured) {
    /** The seed's metrics and their units (ARCHITECTURE.md); a policy file may add others. */
    public static final Map<String, MetricUnit> RUNBOOK_UNITS = Map.of(
            "workflow_failure_rate", MetricUnit.RATIO,
            "knowledge_mcp_unavailable_seconds", MetricUnit.SECONDS,
            "knowledge_mcp_error_rate", MetricUnit.RATIO,
            "step1_start_failure_ratio", MetricUnit.RATIO,
            "users_blocked", MetricUnit.COUNT,
            "performance_degradation", MetricUnit.RATIO,
            "critical_security_vulnerability", MetricUnit.FLAG,
            "database_corruption", MetricUnit.FLAG,
            "data_integrity_warnings", MetricUnit.COUNT,
            "noncritical_feature_failures", MetricUnit.COUNT);

    public Policy {
        deployments = Map.copyOf(deployments);
        units = Map.copyOf(units);
    }

    public DeploymentPolicy forDeployment(String deployment) {
        return deployments.getOrDefault(deployment, defaults);
    }

    /** The deployment's policy during a hotfix's heightened monitoring. */
    public DeploymentPolicy heightenedFor(String deployment) {
        return forDeployment(deployment).heightenedRules(units);
    }

    public boolean isConfigured(String deployment) {
        return deployments.containsKey(deployment);
    }

    public Optional<MetricUnit> unitOf(String metric) {
        return Optional.ofNullable(units.get(metric));
    }
}
