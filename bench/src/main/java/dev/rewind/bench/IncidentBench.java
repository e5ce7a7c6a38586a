package dev.rewind.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.ServiceProcess;

/**
 * incident-service under load, beside the floor of the same broker on the same machine:
 * <ul>
 *   <li>signal -> {@code rollback.authorized} latency, one tier-1 signal at a time, against a plain
 *       Kafka produce -> consume round trip (what any Kafka-based path costs at least);</li>
 *   <li>signals/s through policy evaluation (tier-3 signals of many deployments, until the consumer
 *       group has caught up);</li>
 *   <li>the service's time to ready and resident memory.</li>
 * </ul>
 * Run with {@code ./rewind bench}. Prints a table and writes {@code bench/target/bench-incident.json}.
 */
public final class IncidentBench {
    private static final String BOOTSTRAP = LocalInfra.BOOTSTRAP;

    public static void main(String[] args) throws Exception {
        int latencyRuns = Integer.getInteger("bench.latency.runs", 300);
        int throughputSignals = Integer.getInteger("bench.throughput.signals", 5000);
        Map<String, String> json = new HashMap<>();
        System.out.printf(Locale.ROOT, "machine: %d cores, %s; JDK %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("java.version"));

        Stats floor = kafkaRoundTrip(latencyRuns);
        try (ServiceProcess service = ServiceProcess.start("incident-service", 18091, Map.of())) {
            Duration ready = service.awaitReady(Duration.ofSeconds(120));
            long rss = service.rssKilobytes();
            warmUp(50);
            Stats latency = signalToAuthorized(latencyRuns);
            double signalsPerSecond = throughput(throughputSignals);
            long rssAfter = service.rssKilobytes();

            System.out.println();
            System.out.printf(Locale.ROOT, "%-44s %6s %9s %9s %9s %9s %9s%n", "latency (ms)", "n", "median", "p90", "p99", "min", "max");
            System.out.println(floor.row("floor: Kafka produce -> consume round trip"));
            System.out.println(latency.row("signal -> rollback.authorized"));
            System.out.printf(Locale.ROOT, "%-44s %.1fx (median), %.1fx (p99)%n", "ratio to the floor",
                    latency.median() / floor.median(), latency.p99() / floor.p99());
            System.out.printf(Locale.ROOT, "%-44s %.0f signals/s (%d signals)%n", "policy evaluation throughput", signalsPerSecond, throughputSignals);
            System.out.printf(Locale.ROOT, "%-44s %d ms to ready, RSS %d MB at ready, %d MB after the load%n",
                    "incident-service footprint", ready.toMillis(), rss / 1024, rssAfter / 1024);

            json.put("kafka_round_trip", floor.json());
            json.put("signal_to_rollback_authorized", latency.json());
            json.put("signals_per_second", String.format(Locale.ROOT, "%.1f", signalsPerSecond));
            json.put("time_to_ready_ms", Long.toString(ready.toMillis()));
            json.put("rss_at_ready_kb", Long.toString(rss));
            json.put("rss_after_load_kb", Long.toString(rssAfter));
        }
        Path out = BenchOutput.file("bench-incident.json");
        Files.writeString(out, json.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",\n  ", "{\n  ", "\n}\n")));
        System.out.println("\nwrote " + out.toAbsolutePath());
    }

    private static Stats kafkaRoundTrip(int runs) throws Exception {
        String topic = Topics.SIGNALS_DLQ;
        List<Double> millis = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(); KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            for (int i = 0; i < runs + 20; i++) {
                String key = "bench-" + UUID.randomUUID();
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, key, new byte[200]));
                boolean seen = false;
                while (!seen) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        seen |= key.equals(record.key());
                    }
                }
                if (i >= 20) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        return Stats.of(millis);
    }

    private static void warmUp(int signals) throws Exception {
        signalToAuthorized(signals);
    }

    private static Stats signalToAuthorized(int runs) throws Exception {
        List<Double> millis = new ArrayList<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        try (KafkaProducer<String, byte[]> producer = producer(); KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUTHORIZATIONS).stream()
                    .map(p -> new TopicPartition(Topics.AUTHORIZATIONS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            for (int i = 0; i < runs; i++) {
                String deployment = "bench-" + UUID.randomUUID().toString().substring(0, 12);
                byte[] signal = ("{\"deployment\":\"" + deployment + "\",\"version\":\"2.0.0\",\"metric\":\"database_corruption\","
                        + "\"value\":1,\"observedAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
                sentAt.put(deployment, System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.SIGNALS, deployment, signal));
                Instant deadline = Instant.now().plusSeconds(30);
                boolean seen = false;
                while (!seen) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("no rollback.authorized for " + deployment + " within 30 s");
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        RewindEvent event = CloudEventCodec.decode(record.headers(), record.value()).event();
                        if (event instanceof RollbackAuthorized authorized && authorized.deployment().equals(deployment)) {
                            millis.add((System.nanoTime() - sentAt.get(deployment)) / 1e6);
                            seen = true;
                        }
                    }
                }
            }
        }
        return Stats.of(millis);
    }

    /** Tier-3 signals (users_blocked = 1) of 100 deployments: policy evaluation, samples, one incident each. */
    static double throughput(int signals) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < signals; i++) {
                String deployment = "load-" + run + "-" + (i % 100);
                byte[] signal = ("{\"deployment\":\"" + deployment + "\",\"version\":\"2.0.0\",\"metric\":\"users_blocked\","
                        + "\"value\":1,\"observedAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(Topics.SIGNALS, deployment, signal));
            }
            producer.flush();
        }
        awaitNoLag("incident-service-signals", Topics.SIGNALS, Duration.ofMinutes(5));
        return signals / ((System.nanoTime() - start) / 1e9);
    }

    static void awaitNoLag(String group, String topic, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (Admin admin = Admin.create(props)) {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                long lag = ends.entrySet().stream()
                        .mapToLong(e -> e.getValue().offset() - committed.get(e.getKey()).offset()).sum();
                if (lag == 0 && !ends.isEmpty()) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("consumer group " + group + " did not catch up within " + timeout);
        }
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    private IncidentBench() {
    }
}
