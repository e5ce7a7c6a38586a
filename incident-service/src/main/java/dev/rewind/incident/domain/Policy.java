package dev.rewind.incident.domain;

import java.util.Map;

/** The whole rollback policy: defaults and per-deployment overrides (already merged). */
public record Policy(DeploymentPolicy defaults, Map<String, DeploymentPolicy> deployments) {
    public Policy {
        deployments = Map.copyOf(deployments);
    }

    public DeploymentPolicy forDeployment(String deployment) {
        return deployments.getOrDefault(deployment, defaults);
    }
}
