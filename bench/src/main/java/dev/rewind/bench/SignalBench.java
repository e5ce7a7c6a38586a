package dev.rewind.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.ServiceProcess;

/**
 * Signal intake at scale: a policy naming 10,000 deployments, each sending one signal per round as a binary-mode
 * CloudEvent (most healthy, a few in tier 3, which opens their incidents), timed from the first send until incident-service's signal group has
 * committed the last; beside it in the same run, the broker's own consumer reading the same records and a raw JDBC
 * batch insert of as many samples. Then, while a background load of 1,000 signals/s runs, the latency from a
 * tier-1 signal of a fresh deployment to its {@code rollback.authorized}.
 */
public final class SignalBench {
    static final String TOPIC = Topics.SIGNALS;

    private SignalBench() {
    }

    public static void main(String[] args) throws Exception {
        int deployments = Integer.getInteger("bench.signals.deployments", 10_000);
        int rounds = Integer.getInteger("bench.signals.rounds", 10);
        int runs = Integer.getInteger("bench.runs", 3);
        int triggers = Integer.getInteger("bench.signals.triggers", 200);
        int backgroundRate = Integer.getInteger("bench.signals.background", 1000);
        if (!LocalInfra.brokerAnswers(LocalInfra.BOOTSTRAP, Duration.ofSeconds(10))) {
            throw new IllegalStateException("start the broker first: ./rewind infra");
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> load = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < deployments; i++) {
            load.add("load-" + run + "-" + i);
        }
        for (int i = 0; i < triggers + 20; i++) {
            fresh.add("trigger-" + run + "-" + i);
        }
        Path policy = policy(load, fresh);
        int signals = deployments * rounds;
        System.out.printf(Locale.ROOT, "machine: %d cores; JDK %s; %d deployments x %d rounds = %d signals per run, %d runs;"
                        + " then %d tier-1 signals under %d signals/s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), deployments, rounds, signals, runs, triggers, backgroundRate);

        List<Double> intake = new ArrayList<>();
        List<Double> consumed = new ArrayList<>();
        List<Double> inserted = new ArrayList<>();
        Map<String, String> json = new LinkedHashMap<>();
        try (ServiceProcess service = ServiceProcess.start("incident-service", 19281,
                Map.of("REWIND_POLICY_PATH", policy.toAbsolutePath().toString()))) {
            Duration ready = service.awaitReady(Duration.ofSeconds(180));
            Instant base = Instant.now().minusSeconds(30L * runs + rounds);
            for (int r = 0; r < runs; r++) {
                Map<TopicPartition, Long> before = IngestBench.ends(TOPIC);
                long start = System.nanoTime();
                try (KafkaProducer<String, byte[]> producer = IncidentBench.producer()) {
                    for (int round = 0; round < rounds; round++) {
                        Instant observed = base.plusSeconds(30L * r + round);
                        for (int d = 0; d < deployments; d++) {
                            producer.send(signal(load.get(d), d, observed));
                        }
                    }
                    producer.flush();
                }
                IncidentBench.awaitNoLag(ConsumerGroups.INCIDENT_SIGNALS, TOPIC, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                intake.add(signals / seconds);
                consumed.add(signals / IngestBench.consume(TOPIC, before, signals));
                inserted.add(signals / rawInsert(signals));
                System.out.printf(Locale.ROOT, "  run %d: %.0f signals/s; broker read %.0f/s; raw insert %.0f/s%n",
                        r, intake.get(r), consumed.get(r), inserted.get(r));
            }
            Stats latency = underLoad(load, fresh, triggers, backgroundRate);
            long rss = service.rssKilobytes();
            Map<String, Stats> table = new LinkedHashMap<>();
            table.put("signal intake, " + deployments + " deployments (signals/s)", Stats.of(intake));
            table.put("floor: the broker's consumer reading them (records/s)", Stats.of(consumed));
            table.put("floor: raw JDBC batch insert of the samples (rows/s)", Stats.of(inserted));
            table.put("signal -> rollback.authorized under " + backgroundRate + " signals/s (ms)", latency);
            System.out.printf(Locale.ROOT, "%n%-70s %6s %9s %9s %9s %9s %9s%n", "", "n", "median", "p90", "p99", "min", "max");
            table.forEach((name, stats) -> System.out.println(stats.row(String.format(Locale.ROOT, "%-64s", name))));
            System.out.printf(Locale.ROOT, "%-70s %.2fx of the raw insert, %.2fx of the broker's read%n", "intake (medians)",
                    Stats.of(intake).median() / Stats.of(inserted).median(), Stats.of(intake).median() / Stats.of(consumed).median());
            System.out.printf(Locale.ROOT, "%-70s ready in %d ms, RSS %d MB after the load%n", "incident-service",
                    ready.toMillis(), rss / 1024);
            table.forEach((name, stats) -> json.put(name, stats.json()));
            json.put("time_to_ready_ms", Long.toString(ready.toMillis()));
            json.put("rss_after_load_kb", Long.toString(rss));
        } finally {
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                // the incidents and authorizations of this run are no work for the other services' next start
                kafka.skipToEnd(ConsumerGroups.NOTIFIER_EVENTS, List.of(Topics.INCIDENTS, Topics.AUTHORIZATIONS));
                kafka.skipToEnd(ConsumerGroups.EXECUTOR_AUTHORIZATIONS, List.of(Topics.AUTHORIZATIONS));
            }
        }
        Path out = BenchOutput.file("bench-signals.json");
        Files.writeString(out, json.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",\n  ", "{\n  ", "\n}\n")));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** Most deployments healthy (the failure rate, whose rule has a window, or no user blocked); one in 30 in tier 3. */
    static ProducerRecord<String, byte[]> signal(String deployment, int index, Instant observed) {
        String metric = index % 5 == 0 ? "users_blocked" : "workflow_failure_rate";
        double value = index % 30 == 0 ? (metric.equals("users_blocked") ? 2 : 0.07) : (metric.equals("users_blocked") ? 0 : 0.01);
        return json(deployment, metric, value, observed);
    }

    /** A binary-mode CloudEvent, as monitoring sends it: its id makes incident-service mark the delivery. */
    static ProducerRecord<String, byte[]> json(String deployment, String metric, double value, Instant observed) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, deployment, ("{\"deployment\":\"" + deployment
                + "\",\"version\":\"2.0.0\",\"metric\":\"" + metric + "\",\"value\":" + value + ",\"observedAt\":\"" + observed
                + "\"}").getBytes(StandardCharsets.UTF_8));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_source", "/monitoring/bench");
        header(record, "ce_type", "dev.rewind.signal");
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The built-in rules for every named deployment; any other deployment refused. */
    static Path policy(List<String> load, List<String> fresh) throws Exception {
        Path file = BenchOutput.file("signal-bench-policy.yaml");
        String builtIn = new String(SignalBench.class.getResourceAsStream("/rewind/default-policy.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        // the built-in policy (it refuses unconfigured deployments) with these deployments in place of its own
        StringBuilder yaml = new StringBuilder(builtIn.substring(0, builtIn.indexOf("\ndeployments:") + 1)).append("deployments:\n");
        for (List<String> names : List.of(load, fresh)) {
            names.forEach(name -> yaml.append("  ").append(name).append(": {}\n"));
        }
        Files.writeString(file, yaml);
        return file;
    }

    /** Tier-1 signals of fresh deployments, one at a time, each timed to its rollback.authorized, over a steady load. */
    static Stats underLoad(List<String> load, List<String> fresh, int triggers, int rate) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread background = new Thread(() -> {
            try (KafkaProducer<String, byte[]> producer = IncidentBench.producer()) {
                long start = System.nanoTime();
                while (running.get()) {
                    long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                    while (sent.get() < due) {
                        int d = (int) (sent.getAndIncrement() % load.size());
                        producer.send(signal(load.get(d), d, Instant.now()));
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // pacing the load, not waiting on a result
                }
            }
        }, "background-load");
        background.start();
        List<Double> millis = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = IncidentBench.producer(); KafkaConsumer<String, byte[]> consumer = IncidentBench.consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUTHORIZATIONS).stream()
                    .map(p -> new TopicPartition(Topics.AUTHORIZATIONS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            for (int i = 0; i < fresh.size(); i++) {
                String deployment = fresh.get(i);
                long start = System.nanoTime();
                producer.send(json(deployment, "database_corruption", 1, Instant.now()));
                awaitAuthorized(consumer, deployment);
                if (i >= fresh.size() - triggers) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
        } finally {
            running.set(false);
            background.join();
        }
        IncidentBench.awaitNoLag(ConsumerGroups.INCIDENT_SIGNALS, TOPIC, Duration.ofMinutes(5));
        return Stats.of(millis);
    }

    private static void awaitAuthorized(KafkaConsumer<String, byte[]> consumer, String deployment) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                RewindEvent event = CloudEventCodec.decode(record.headers(), record.value()).event();
                if (event instanceof RollbackAuthorized authorized && authorized.deployment().equals(deployment)) {
                    return;
                }
            }
        }
        throw new IllegalStateException("no rollback.authorized for " + deployment + " within 30 s");
    }

    /** Seconds for one JDBC batch insert of {@code rows} samples into a temporary copy of the sample table. */
    static double rawInsert(int rows) throws Exception {
        try (Connection connection = DriverManager.getConnection(IngestBench.JDBC, "rewind", "rewind");
             Statement ddl = connection.createStatement()) {
            ddl.execute("create temporary table scratch_samples (like incident.signal_sample including all)");
            connection.setAutoCommit(false);
            Instant now = Instant.now();
            long start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into scratch_samples (deployment, metric, value, observed_at, incident_id) values (?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, "load-" + (i % 10_000));
                    insert.setString(2, "workflow_failure_rate");
                    insert.setDouble(3, 0.01);
                    insert.setObject(4, now.plusMillis(i).atOffset(ZoneOffset.UTC));
                    insert.setObject(5, null);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
