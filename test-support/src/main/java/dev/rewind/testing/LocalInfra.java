package dev.rewind.testing;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code @QuarkusTest}s: checks that the local broker answers (the test command starts it) and
 * points the service at the per-run test keys (tokens, event signing). Fails fast with the fix instead of hanging on Kafka.
 */
public class LocalInfra implements QuarkusTestResourceLifecycleManager {
    public static final String BOOTSTRAP = "127.0.0.1:9092";

    @Override
    public Map<String, String> start() {
        if (!brokerAnswers(BOOTSTRAP, Duration.ofSeconds(10))) {
            throw new IllegalStateException("No Kafka broker answers on " + BOOTSTRAP
                    + ": run the tests with ./rewind test, or start the broker with ./rewind infra");
        }
        Map<String, String> configuration = new java.util.HashMap<>(TestEventKeys.testConfiguration());
        configuration.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        return configuration;
    }

    @Override
    public void stop() {
    }

    public static boolean brokerAnswers(String bootstrap, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
