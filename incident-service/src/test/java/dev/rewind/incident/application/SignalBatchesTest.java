package dev.rewind.incident.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.Signal;
import dev.rewind.events.codec.ReceivedSignal;
import dev.rewind.incident.persistence.EventStore;
import dev.rewind.incident.persistence.StoredEvent;
import dev.rewind.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property, on the real database: a random signal sequence (late signals, several at one instant, redeliveries)
 * taken one at a time, each judged on the sample table, decides exactly what the same sequence decides taken in
 * random batches judged on the windows in memory — also when some of the batched deployment's signals come in
 * one at a time between batches (as the REST intake or another instance would record them).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
class SignalBatchesTest {
    static final double[] LEVELS = {0.01, 0.06, 0.12, 0.25};

    @Inject
    SignalIntake intake;

    @Inject
    EventStore store;

    record Sent(Instant observedAt, double value, String id) {
    }

    /** What a signal decided, without the names and ids that differ between the two deployments. */
    record Decided(Integer tier, List<String> events, boolean duplicate) {
        static Decided of(SignalIntake.Outcome outcome) {
            return new Decided(outcome.tier(), outcome.events(), outcome.duplicate());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void batches_judged_in_memory_decide_what_single_signals_judged_on_the_table_decide(long seed) {
        Random random = new Random(seed);
        List<Sent> sequence = sequence(random, 240);
        String one = "single-" + UUID.randomUUID().toString().substring(0, 8);
        String batched = "batched-" + UUID.randomUUID().toString().substring(0, 8);

        List<Decided> singly = new ArrayList<>();
        for (Sent sent : sequence) {
            singly.add(Decided.of(intake.accept(received(one, sent))));
        }
        List<Decided> together = new ArrayList<>();
        for (int start = 0; start < sequence.size(); ) {
            int end = Math.min(sequence.size(), start + 1 + random.nextInt(60));
            List<ReceivedSignal> chunk = sequence.subList(start, end).stream().map(sent -> received(batched, sent)).toList();
            if (random.nextInt(6) == 0) {
                chunk.forEach(signal -> together.add(Decided.of(intake.accept(signal))));
            } else {
                intake.acceptAll(chunk).forEach(outcome -> together.add(Decided.of(outcome)));
            }
            start = end;
        }

        assertThat(together).as("seed %d: signal by signal", seed).containsExactlyElementsOf(singly);
        assertThat(classifications(batched)).as("seed %d: tiers and evidence", seed).isEqualTo(classifications(one));
        assertThat(singly).as("seed %d opened an incident and redelivered a signal", seed)
                .anyMatch(decided -> decided.events().contains("incident.opened"))
                .anyMatch(Decided::duplicate);
    }

    private List<Sent> sequence(Random random, int size) {
        List<Sent> sequence = new ArrayList<>();
        Instant clock = Instant.now().minus(25, ChronoUnit.MINUTES);
        double level = LEVELS[0];
        for (int i = 0; i < size; i++) {
            int roll = random.nextInt(100);
            if (roll < 6 && !sequence.isEmpty()) {
                sequence.add(sequence.get(random.nextInt(sequence.size()))); // a redelivery of the same CloudEvent
                continue;
            }
            Instant observed;
            if (roll < 20 && !sequence.isEmpty()) {
                observed = sequence.get(sequence.size() - 1).observedAt();                            // same instant
            } else if (roll < 30) {
                observed = clock.minus(random.nextInt(1_200_000), ChronoUnit.MILLIS);                 // late
            } else {
                clock = clock.plus(1 + random.nextInt(9_000_000), ChronoUnit.MICROS).plusNanos(random.nextInt(1000));
                observed = clock;
            }
            if (random.nextInt(15) == 0) {
                level = LEVELS[Math.min(LEVELS.length - 1, random.nextInt(LEVELS.length + 2))];
            }
            sequence.add(new Sent(observed, level, UUID.randomUUID().toString()));
        }
        return sequence;
    }

    private static ReceivedSignal received(String deployment, Sent sent) {
        return new ReceivedSignal(new Signal(deployment, "2.0.0", "workflow_failure_rate", sent.value(), sent.observedAt(), null),
                "/test/" + deployment, sent.id());
    }

    private List<List<Object>> classifications(String deployment) {
        UUID incident = dev.rewind.incident.persistence.IncidentRecord.<dev.rewind.incident.persistence.IncidentRecord>
                find("deployment", deployment).firstResultOptional().map(record -> record.id).orElseThrow();
        return store.load(incident).stream().map(StoredEvent::event).filter(IncidentClassified.class::isInstance)
                .map(IncidentClassified.class::cast)
                .map(c -> List.<Object>of(c.tier(), Objects.toString(c.previousTier()), c.rule(), c.evidence()))
                .toList();
    }
}
