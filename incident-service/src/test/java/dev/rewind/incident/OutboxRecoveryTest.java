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
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.platform.outbox.Outbox;
import dev.rewind.platform.outbox.OutboxMessage;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox relay: a crash between the commit and the publication leaves an unstamped outbox row and
 * nobody to wake the relay (its sweep must find and publish it); a record the broker refuses for good
 * must not hold back the ones behind it.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class OutboxRecoveryTest {
    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

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

    @Test
    void a_record_the_broker_refuses_for_good_is_parked_and_the_rows_behind_it_are_published() {
        IncidentAcknowledged huge = new IncidentAcknowledged(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "alice", "tech-lead");
        IncidentAcknowledged next = new IncidentAcknowledged(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "bob", "tech-lead");
        var nextRecord = new CloudEventCodec("/rewind/incident-service").toRecord(next);
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch incidents = kafka.watch(Topics.INCIDENTS)) {
            QuarkusTransaction.requiringNew().run(() -> {
                // over the producer's 1 MB request limit: RecordTooLargeException, which no retry can cure
                insert(huge.eventId(), Topics.INCIDENTS, huge.incidentId().toString(), new byte[1_200_000]);
                insert(next.eventId(), nextRecord.topic(), nextRecord.key(), nextRecord.value());
            });
            incidents.awaitRecord(r -> r.key().equals(next.incidentId().toString()), Duration.ofSeconds(15));
        }
        OutboxMessage parked = QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.<OutboxMessage>find("eventId", huge.eventId()).firstResult());
        assertThat(parked.parkedAt).isNotNull();
        assertThat(parked.parkReason).contains("RecordTooLarge");
        assertThat(parked.publishedAt).isNull();
    }

    @Test
    void an_event_over_the_contract_s_size_is_parked_when_written_and_never_sent() {
        RollbackFailed oversized = new RollbackFailed(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "wf", "too much",
                java.util.Collections.nCopies(80, "x".repeat(4000)));
        IncidentAcknowledged next = new IncidentAcknowledged(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "carol", "tech-lead");
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch incidents = kafka.watch(Topics.INCIDENTS)) {
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.enqueue(oversized);
                outbox.enqueue(next);
            });
            incidents.awaitRecord(r -> r.key().equals(next.incidentId().toString()), Duration.ofSeconds(15));
        }
        OutboxMessage parked = QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.<OutboxMessage>find("eventId", oversized.eventId()).firstResult());
        assertThat(parked.parkedAt).isNotNull();
        assertThat(parked.parkReason).contains("over the contract's limit");
    }

    @Test
    void an_event_enqueued_again_is_published_again_under_its_id_unless_parked() {
        IncidentAcknowledged event = new IncidentAcknowledged(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "dave", "tech-lead");
        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch incidents = kafka.watch(Topics.INCIDENTS)) {
            QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(event));
            incidents.awaitRecord(r -> r.key().equals(event.incidentId().toString()), Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                    OutboxMessage.<OutboxMessage>find("eventId", event.eventId()).firstResult().publishedAt != null));

            QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAgain(event));
            await().atMost(Duration.ofSeconds(10)).until(() -> incidents.seen().stream()
                    .filter(r -> r.key().equals(event.incidentId().toString())).count() == 2);
            assertThat(incidents.seen().stream().filter(r -> r.key().equals(event.incidentId().toString()))
                    .map(r -> CloudEventCodec.decode(r.headers(), r.value()).event().eventId())).containsOnly(event.eventId());

            // a row retention already removed is written anew
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("delete from outbox where event_id = ?1")
                    .setParameter(1, event.eventId()).executeUpdate());
            QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAgain(event));
            await().atMost(Duration.ofSeconds(10)).until(() -> incidents.seen().stream()
                    .filter(r -> r.key().equals(event.incidentId().toString())).count() == 3);
        }
        RollbackFailed oversized = new RollbackFailed(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "wf", "too much",
                java.util.Collections.nCopies(80, "x".repeat(4000)));
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(oversized));
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAgain(oversized));
        OutboxMessage parked = QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.<OutboxMessage>find("eventId", oversized.eventId()).firstResult());
        assertThat(parked.parkedAt).as("a parked row stays parked").isNotNull();
        assertThat(parked.publishedAt).isNull();
    }

    private void insert(UUID eventId, String topic, String key, byte[] payload) {
        entityManager.createNativeQuery("insert into outbox (event_id, topic, record_key, payload) values (?1, ?2, ?3, ?4)")
                .setParameter(1, eventId).setParameter(2, topic).setParameter(3, key).setParameter(4, payload).executeUpdate();
    }
}
