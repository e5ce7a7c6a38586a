package dev.rewind.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.devstack.HttpSink;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.Origin;
import dev.rewind.events.Sample;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.ChannelSinks;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.ServiceProcess;
import dev.rewind.testing.SharedDatabase;
import dev.rewind.testing.TestTokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * notifier-service killed with -9 while a message is in flight, restarted, and the event delivered
 * again: what was delivered is not sent again, what was in flight is sent once the lease runs out.
 */
class NotifierRestartTest {
    static final String ANALYST = TestTokens.token("ana", "analyst");

    @Test
    void a_crash_and_a_redelivered_event_send_no_duplicates_and_lose_nothing() throws Exception {
        Path dir = Files.createTempDirectory("rewind-notifier-restart");
        UUID incident = UUID.randomUUID();
        CloudEventCodec codec = new CloudEventCodec("/rewind/test");
        Instant now = Instant.now();
        IncidentOpened opened = new IncidentOpened(UUID.randomUUID(), incident, now, "restart-wf", "2.0.0", Origin.SIGNAL, null, null, "signal");
        IncidentClassified classified = new IncidentClassified(UUID.randomUUID(), incident, now, 1, null, "tier 1", "database_corruption",
                60, List.of(new Sample(1, now)));
        try (ChannelSinks sinks = new ChannelSinks(); KafkaTestClient kafka = new KafkaTestClient()) {
            Map<String, String> environment = new HashMap<>(sinks.notifierEnvironment(dir));
            environment.put("REWIND_NOTIFIER_LEASE", "PT3S");
            // the chat post must still be in flight when the other six are done, even if a mail needs a retry
            environment.put("REWIND_NOTIFIER_HTTP_TIMEOUT", "PT60S");
            sinks.http().script("/chat", incident.toString(), HttpSink.Answer.hang(Duration.ofSeconds(60)));
            // on a broker shared with earlier tests the group would first work off all their events
            kafka.skipToEnd("notifier-service", List.of(Topics.INCIDENTS, Topics.AUTHORIZATIONS, Topics.PHASES, Topics.VERIFICATIONS));
            SharedDatabase.abandonPendingDeliveries();

            try (ServiceProcess first = ServiceProcess.start("notifier-service", 18094, environment)) {
                first.awaitReady(Duration.ofSeconds(120));
                kafka.send(codec.toRecord(opened));
                kafka.send(codec.toRecord(classified));
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    List<Map<String, Object>> log = deliveries(first, incident);
                    return sinks.http().received("/chat").stream().anyMatch(r -> r.body().contains(incident.toString()))
                            && log.stream().filter(d -> "DELIVERED".equals(d.get("status"))).count() == 6;
                });
                first.kill();
            }

            kafka.send(codec.toRecord(classified));
            try (ServiceProcess second = ServiceProcess.start("notifier-service", 18094, environment)) {
                second.awaitReady(Duration.ofSeconds(120));
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    List<Map<String, Object>> log = deliveries(second, incident);
                    return log.size() == 7 && log.stream().allMatch(d -> "DELIVERED".equals(d.get("status")));
                });
                assertThat(sinks.mailsAbout(classified.eventId())).as("mails sent before the crash are not sent again").hasSize(3);
                assertThat(sinks.http().received("/pager")).filteredOn(r -> r.body().contains(incident.toString())).hasSize(1);
                assertThat(sinks.http().received("/chat")).filteredOn(r -> r.body().contains(incident.toString()))
                        .as("the chat post in flight at the crash is sent again").hasSize(2);
            }
        }
    }

    static List<Map<String, Object>> deliveries(ServiceProcess notifier, UUID incident) {
        return given().baseUri(notifier.url()).auth().oauth2(ANALYST)
                .get("/api/v1/notifications?incident=" + incident).then().statusCode(200).extract().path("$");
    }
}
