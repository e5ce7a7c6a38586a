package dev.rewind.executor.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.platform.config.ConfigFileException;
import io.quarkus.runtime.Startup;

/** The deployments file, read once at start-up; a bad file stops the service with the line and field. */
@ApplicationScoped
@Startup
public class Deployments {
    private static final Logger LOG = Logger.getLogger(Deployments.class);

    private final Map<String, DeploymentTarget> byName;

    public Deployments(@ConfigProperty(name = "rewind.deployments.path") Optional<String> path) {
        if (path.isEmpty() || path.get().isBlank()) {
            LOG.warn("rewind.deployments.path is not set: no deployment can be rolled back until it is");
            byName = Map.of();
            return;
        }
        try {
            byName = DeploymentsFile.load(Path.of(path.get()));
        } catch (ConfigFileException e) {
            LOG.errorf("invalid deployments file: %s", e.getMessage());
            throw e;
        }
        LOG.infof("deployments file %s: %s", path.get(), byName.keySet());
    }

    public Optional<DeploymentTarget> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
