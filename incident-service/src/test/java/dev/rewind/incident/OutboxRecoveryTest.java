package dev.rewind.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.platform.outbox.OutboxMessage;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crash between the commit and the publication leaves an unstamped outbox row and nobody to wake the
 * relay; its sweep must find and publish it.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class OutboxRecoveryTest {
    @Inject
    EntityManager entityManager;

    @Test
    void a_row_committed_without_a_wake_up_is_published_by_the_sweep_and_stamped() {
        IncidentAcknowledged event = new IncidentAcknowledged(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "alice", "tech-lead");
        var record = new CloudEventCodec("/rewind/incident-service").toRecord(event);
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch incidents = kafka.watch(Topics.INCIDENTS)) {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                            "insert into outbox (event_id, topic, record_key, payload) values (?1, ?2, ?3, ?4)")
                    .setParameter(1, event.eventId()).setParameter(2, record.topic()).setParameter(3, record.key())
                    .setParameter(4, record.value()).executeUpdate());

            var published = incidents.awaitRecord(r -> r.key().equals(event.incidentId().toString()), Duration.ofSeconds(10));
            assertThat(CloudEventCodec.decode(published.headers(), published.value()).event()).isEqualTo(event);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.<OutboxMessage>find("eventId", event.eventId()).firstResult().publishedAt != null));
    }
}
