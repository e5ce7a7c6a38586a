package dev.rewind.testing;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.Topics;

/**
 * For {@code @QuarkusTest}s: checks that the local broker answers (the test command starts it) and
 * points the service at the per-run test keys (tokens, event signing). Fails fast with the fix instead of hanging on Kafka.
 * Each start of the service under test gets consumer groups of its own ({@code rewind.kafka.group-prefix}), committed
 * at the current end of every topic before it starts: it reads what its tests send, never the thousands of events
 * earlier modules, earlier runs or a running dev stack left on the shared broker, and no other process takes its records.
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
        configuration.put("rewind.kafka.group-prefix", ownGroupsAtTheEnd());
        configuration.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        return configuration;
    }

    @Override
    public void stop() {
    }

    /**
     * A fresh prefix, and every group of the contract under it committed at the end of every topic: services started
     * with it ({@link #withGroups}) read only what is sent from now on, not what earlier modules left on the broker.
     */
    public static String ownGroupsAtTheEnd() {
        String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.skipToEnd(ConsumerGroups.ALL.stream().map(group -> prefix + group).toList(), Topics.ALL);
        }
        return prefix;
    }

    /** A service process's environment with its consumer groups under {@code prefix} (see {@link #ownGroupsAtTheEnd}). */
    public static Map<String, String> withGroups(String prefix, Map<String, String> environment) {
        Map<String, String> withPrefix = new java.util.HashMap<>(environment);
        withPrefix.put("REWIND_KAFKA_GROUP_PREFIX", prefix);
        return withPrefix;
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
