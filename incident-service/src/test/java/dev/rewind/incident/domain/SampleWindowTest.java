package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rewind.events.Sample;
import dev.rewind.incident.config.PolicyFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: over random signal sequences (late ones, several at one instant, floods past the history limit), a
 * classification on the in-memory window is the one on the sample table's answer, at every signal.
 */
class SampleWindowTest {
    static final DeploymentPolicy SEED = PolicyFile.load(PolicyFile.BUILT_IN).forDeployment("any");
    static final DeploymentPolicy WINDOWS = new DeploymentPolicy(List.of(
            new TierRule("m", 1, Condition.parse("> 0.5"), Duration.ofMinutes(2)),
            new TierRule("m", 2, Condition.parse("> 0.2"), Duration.ofSeconds(30)),
            new TierRule("m", 3, Condition.parse("0.1..0.2"), Duration.ZERO)), true, List.of(), SEED.limits());
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    /** A recorded sample as the table holds it: its id is the order of recording. */
    record Row(long id, Sample sample) {
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 120).mapToObj(i -> 7919L * i + 17);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void the_window_decides_as_the_table_does(long seed) {
        Random random = new Random(seed);
        boolean seedPolicy = random.nextBoolean();
        DeploymentPolicy policy = seedPolicy ? SEED : WINDOWS;
        String metric = seedPolicy ? "workflow_failure_rate" : "m";
        double[] levels = seedPolicy ? new double[] {0.01, 0.06, 0.12, 0.25} : new double[] {0.05, 0.15, 0.3, 0.6};
        boolean flood = random.nextInt(12) == 0;
        int signals = flood ? 2600 : 1 + random.nextInt(600);
        long stepMicros = flood ? 20_000 : 1_000_000 + random.nextInt(4_000_000);

        SampleWindow window = new SampleWindow(policy.longestWindow(metric));
        List<Row> table = new ArrayList<>();
        Instant clock = T0;
        double level = levels[random.nextInt(levels.length)];
        for (int i = 0; i < signals; i++) {
            int roll = random.nextInt(100);
            Instant observed;
            if (roll < 15 && !table.isEmpty()) {
                observed = table.get(table.size() - 1).sample().observedAt();          // the same instant again
            } else if (roll < 25) {
                observed = clock.minus(random.nextInt(1_500_000), ChronoUnit.MILLIS);  // late, up to 25 minutes
            } else {
                clock = clock.plus(random.nextLong(stepMicros) + 1, ChronoUnit.MICROS);
                observed = clock;
            }
            if (random.nextInt(20) == 0) {
                level = levels[random.nextInt(levels.length)];
            }
            Sample sample = new Sample(random.nextInt(10) == 0 ? levels[random.nextInt(levels.length)] : level, observed);
            table.add(new Row(i, sample));
            window.add(sample);

            Instant from = observed.minus(policy.lookback());
            Optional<Classification> expected = policy.classify(metric, tableAnswer(table, from));
            Optional<Classification> actual = policy.classify(metric, window.history(from));
            assertThat(actual).as("signal %d of seed %d", i, seed).isEqualTo(expected);
        }
        assertThat(window.size()).isLessThanOrEqualTo(DeploymentPolicy.MAX_HISTORY);
    }

    /** {@code observed_at >= from order by observed_at desc, id desc limit MAX_HISTORY}. */
    static List<Sample> tableAnswer(List<Row> table, Instant from) {
        return table.stream()
                .filter(row -> !row.sample().observedAt().isBefore(from))
                .sorted(Comparator.comparing((Row row) -> row.sample().observedAt()).thenComparingLong(Row::id).reversed())
                .limit(DeploymentPolicy.MAX_HISTORY)
                .map(Row::sample)
                .toList();
    }
}
