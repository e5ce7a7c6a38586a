package dev.rewind.incident.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.incident.domain.Policy;
import dev.rewind.platform.config.ConfigFileException;
import io.quarkus.runtime.Startup;

/** Loads the rollback policy once at start-up; a bad file stops the service with a message naming the line. */
@ApplicationScoped
public class PolicyProvider {
    private static final Logger LOG = Logger.getLogger(PolicyProvider.class);

    @Produces
    @Singleton
    @Startup
    Policy policy(@ConfigProperty(name = "rewind.policy.path", defaultValue = PolicyFile.BUILT_IN) String location) {
        try {
            Policy policy = PolicyFile.load(location);
            LOG.infof("rollback policy loaded from %s: %d default rules, %d deployment overrides", location,
                    policy.defaults().rules().size(), policy.deployments().size());
            return policy;
        } catch (ConfigFileException e) {
            LOG.errorf("invalid rollback policy: %s", e.getMessage());
            throw e;
        }
    }
}
