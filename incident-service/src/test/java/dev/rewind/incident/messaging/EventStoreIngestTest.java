package dev.rewind.incident.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.rewind.events.Channel;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.NotificationEvent.NotificationDelivered;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.incident.persistence.EventStore;
import dev.rewind.incident.persistence.StoredEvent;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event store's ingest takes a poll's records of a partition in one transaction. Sent in one burst: 20
 * incidents' notifications interleaved, a duplicate, a record that is no event, and an event on incident-service's own
 * topic that incident-service never appended. Every real event is stored exactly once, each stream in the order
 * it was sent with contiguous versions; the poison is dead-lettered, the forgery refused, nothing lost.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class EventStoreIngestTest {
    /** Read by the event store alone among the services: the burst leaves no backlog for another service's tests. */
    static final CloudEventCodec NOTIFIER = new CloudEventCodec("/rewind/notifier-service");
    static final int INCIDENTS = 20;
    static final int STEPS = 30;

    @Inject
    EventStore store;

    @Test
    void a_burst_of_interleaved_streams_is_stored_once_each_in_order_around_a_poison_record_and_a_forgery() {
        List<UUID> incidents = new ArrayList<>();
        for (int i = 0; i < INCIDENTS; i++) {
            incidents.add(UUID.randomUUID());
        }
        List<ProducerRecord<String, byte[]>> burst = new ArrayList<>();
        List<NotificationDelivered> sent = new ArrayList<>();
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        for (int step = 0; step < STEPS; step++) {
            for (UUID incident : incidents) {
                NotificationDelivered event = new NotificationDelivered(UUID.randomUUID(), incident, start.plusMillis(step),
                        UUID.randomUUID(), Channel.MAIL, "lead-" + step + "@example.com", "step " + step, 1);
                sent.add(event);
                burst.add(NOTIFIER.toRecord(event));
                if (step == STEPS / 2 && incident.equals(incidents.get(0))) {
                    burst.add(NOTIFIER.toRecord(event)); // a redelivery inside the same poll
                    burst.add(new ProducerRecord<>(Topics.NOTIFICATIONS, incident.toString(), "not an event".getBytes()));
                }
            }
        }
        IncidentAcknowledged forged = new IncidentAcknowledged(UUID.randomUUID(), incidents.get(1), Instant.now(), "mallory", "tech-lead");
        burst.add(new CloudEventCodec("/rewind/incident-service").toRecord(forged));

        try (KafkaTestClient kafka = new KafkaTestClient(); KafkaTestClient.Watch deadLetters = kafka.watch(Topics.NOTIFICATIONS + Topics.DEAD_LETTER_SUFFIX)) {
            kafka.sendAll(burst);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> incidents.stream().allMatch(incident -> stream(incident).size() >= STEPS));
            deadLetters.awaitRecord(r -> r.key().equals(incidents.get(0).toString()), Duration.ofSeconds(30));
        }
        for (UUID incident : incidents) {
            List<StoredEvent> stream = stream(incident);
            assertThat(stream.stream().map(StoredEvent::event).toList()).as("incident %s: every event once, in the order sent", incident)
                    .containsExactlyElementsOf(sent.stream().filter(e -> e.incidentId().equals(incident)).map(e -> (RewindEvent) e).toList());
            assertThat(stream.stream().map(StoredEvent::streamVersion).toList()).as("contiguous versions")
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, STEPS).boxed().toList());
            assertThat(stream).allMatch(e -> e.source().equals("/rewind/notifier-service"));
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.containing(List.of(forged.eventId())).isEmpty()))
                .as("an incident.* event incident-service never appended is refused").isTrue();
    }

    private List<StoredEvent> stream(UUID incident) {
        return QuarkusTransaction.requiringNew().call(() -> store.load(incident));
    }
}
