package dev.rewind.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Every service's readiness must follow its dependencies: DOWN while Kafka or the database is
 * unreachable, UP again when they return, without a restart. A service's test extends this with
 * {@code @QuarkusTest @TestProfile(ReadinessContract.CutOffDependencies.class)}.
 */
public abstract class ReadinessContract {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void readiness_goes_down_with_kafka_or_the_database_and_comes_back_with_them() throws Exception {
        awaitReadiness(200);

        Dependencies.broker.stop();
        awaitReadiness(503);
        Dependencies.broker.start();
        awaitReadiness(200);

        Dependencies.database.cut();
        awaitReadiness(503);
        Dependencies.database.restore();
        awaitReadiness(200);

        given().when().get("/q/health/live").then().statusCode(200);
    }

    private static void awaitReadiness(int status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> given().when().get("/q/health/ready").statusCode() == status);
    }

    /** Points the service at a private broker and at the database through a cut-off. */
    public static class CutOffDependencies implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Dependencies.class));
        }
    }

    public static class Dependencies implements QuarkusTestResourceLifecycleManager {
        static PrivateBroker broker;
        static TcpCutoff database;

        @Override
        public Map<String, String> start() {
            try {
                broker = new PrivateBroker(19092, Path.of("target/private-kafka"));
                broker.start();
                database = new TcpCutoff("127.0.0.1", 5432);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Map<String, String> configuration = new java.util.HashMap<>(TestEventKeys.testConfiguration());
            configuration.put("kafka.bootstrap.servers", broker.bootstrap());
            configuration.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + database.port() + "/rewind");
            configuration.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
            return configuration;
        }

        @Override
        public void stop() {
            try {
                database.close();
                broker.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
