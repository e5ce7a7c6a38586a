package dev.rewind.platform.health;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.rewind.platform.messaging.KafkaClients;
import io.quarkus.runtime.StartupEvent;

/**
 * Ready only while the broker answers a cluster description within a bounded time. (The stock check
 * waits for the admin client's default API timeout, a minute, which is longer than any probe.)
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {
    private final Properties adminProperties;
    private final Duration timeout;
    private final String bootstrapServers;
    private Admin admin;

    public KafkaReadinessCheck(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                               @ConfigProperty(name = "rewind.kafka.health-timeout", defaultValue = "PT2S") Duration timeout,
                               KafkaClients clients) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        Properties props = clients.connection();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.adminProperties = props;
    }

    /**
     * Creates the client and opens its connection beside the start-up rather than in it: the first probe
     * then finds it ready, and start-up does not wait for Kafka's classes to load.
     */
    void connectEarly(@Observes StartupEvent startup) {
        Thread connect = new Thread(this::admin, "kafka-readiness-connect");
        connect.setDaemon(true);
        connect.start();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminProperties);
            admin.describeCluster();
        }
        return admin;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            Collection<Node> nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named("Kafka broker").up()
                    .withData("bootstrap.servers", bootstrapServers)
                    .withData("nodes", nodes.size())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(e);
        } catch (Exception e) {
            return down(e);
        }
    }

    private HealthCheckResponse down(Exception e) {
        return HealthCheckResponse.named("Kafka broker").down()
                .withData("bootstrap.servers", bootstrapServers)
                .withData("error", String.valueOf(e.getMessage()))
                .build();
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
