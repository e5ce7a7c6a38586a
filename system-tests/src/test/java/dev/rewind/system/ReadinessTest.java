package dev.rewind.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rewind.testing.ChannelSinks;
import dev.rewind.testing.PrivateBroker;
import dev.rewind.testing.ServiceProcess;
import dev.rewind.testing.TcpCutoff;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every service's readiness follows its dependencies: DOWN while Kafka or the database is unreachable, UP again
 * when they return, without a restart. The four services run as processes on a private broker (stopped and started
 * again) and reach PostgreSQL through a TCP cut-off; all four are judged at once.
 */
class ReadinessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> SERVICES = List.of("incident-service", "executor-service", "verifier-service", "notifier-service");

    @Test
    void every_services_readiness_goes_down_with_kafka_or_the_database_and_comes_back_with_them() throws Exception {
        Path root = Files.createTempDirectory("rewind-readiness");
        List<ServiceProcess> services = new ArrayList<>();
        try (PrivateBroker broker = new PrivateBroker(19392, root.resolve("private-kafka"));
             TcpCutoff database = new TcpCutoff("127.0.0.1", 5432);
             ChannelSinks sinks = new ChannelSinks()) {
            broker.start();
            Path deployments = Files.writeString(root.resolve("deployments.yaml"), """
                    deployments:
                      wf:
                        target: %1$s/srv/wf
                        lastGoodVersion: 1.0.0
                        backups: { directory: %1$s/backups }
                        diagnostics: { directory: %1$s/diagnostics }
                    """.formatted(root));
            int port = 18191;
            for (String service : SERVICES) {
                Map<String, String> environment = new HashMap<>(service.equals("notifier-service")
                        ? sinks.notifierEnvironment(root) : Map.of());
                environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap());
                environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + database.port() + "/rewind");
                environment.put("REWIND_DEPLOYMENTS_PATH", deployments.toString());
                services.add(ServiceProcess.start(service, service + "-readiness", port++, environment));
            }
            for (ServiceProcess service : services) {
                service.awaitReady(Duration.ofSeconds(120));
            }

            broker.stop();
            awaitReadiness(services, 503, "the broker stopped");
            broker.start();
            awaitReadiness(services, 200, "the broker back");

            database.cut();
            awaitReadiness(services, 503, "the database cut off");
            database.restore();
            awaitReadiness(services, 200, "the database back");

            for (ServiceProcess service : services) {
                assertThat(given().baseUri(service.url()).get("/q/health/live").statusCode()).as(service.name()).isEqualTo(200);
            }
        } finally {
            for (ServiceProcess service : services) {
                service.close();
            }
        }
    }

    private static void awaitReadiness(List<ServiceProcess> services, int status, String after) {
        for (ServiceProcess service : services) {
            await().alias(service.name() + " readiness " + status + " after " + after).atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> given().baseUri(service.url()).get("/q/health/ready").statusCode() == status);
        }
    }
}
