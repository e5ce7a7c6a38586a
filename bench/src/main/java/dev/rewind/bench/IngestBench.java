package dev.rewind.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import dev.rewind.events.Channel;
import dev.rewind.events.ConsumerGroups;
import dev.rewind.events.NotificationEvent.NotificationDelivered;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.EventJson;
import dev.rewind.testing.LocalInfra;
import dev.rewind.testing.ServiceProcess;

/**
 * Event-store ingest: a burst of {@code notification.delivered} events of 200 incidents on {@code rewind.notifications},
 * appended by incident-service, timed from the first send until its consumer group has committed the last
 * one; beside it, in the same run, the broker's own consumer reading the same records and a raw JDBC batch
 * insert of as many rows into a copy of the table. Also the store's lag (recorded − occurred) per event.
 */
public final class IngestBench {
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/rewind";
    static final CloudEventCodec NOTIFIER = new CloudEventCodec("/rewind/notifier-service");
    /** Read by the event store alone: the burst must not become a backlog for another service's consumers. */
    static final String TOPIC = Topics.NOTIFICATIONS;

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 20_000);
        int runs = Integer.getInteger("bench.runs", 3);
        int incidents = 200;
        if (!LocalInfra.brokerAnswers(LocalInfra.BOOTSTRAP, Duration.ofSeconds(10))) {
            throw new IllegalStateException("start the broker first: ./rewind infra");
        }
        System.out.printf(Locale.ROOT, "machine: %d cores; JDK %s; %d events of %d incidents per run, %d runs%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), events, incidents, runs);
        List<Double> ingest = new ArrayList<>();
        List<Double> consumed = new ArrayList<>();
        List<Double> inserted = new ArrayList<>();
        List<Double> lagP50 = new ArrayList<>();
        List<Double> lagP99 = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start("incident-service", 19181, Map.of())) {
            service.awaitReady(Duration.ofSeconds(180));
            for (int run = 0; run < runs; run++) {
                List<UUID> streams = new ArrayList<>();
                for (int i = 0; i < incidents; i++) {
                    streams.add(UUID.randomUUID());
                }
                Map<TopicPartition, Long> before = ends(TOPIC);
                long start = System.nanoTime();
                try (KafkaProducer<String, byte[]> producer = IncidentBench.producer()) {
                    for (int i = 0; i < events; i++) {
                        producer.send(NOTIFIER.toRecord(delivered(streams.get(i % incidents), i / incidents)));
                    }
                    producer.flush();
                }
                double sending = (System.nanoTime() - start) / 1e9;
                IncidentBench.awaitNoLag(ConsumerGroups.INCIDENT_EVENT_STORE, TOPIC, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                long stored = count(streams);
                if (stored != events) {
                    throw new IllegalStateException("the store holds " + stored + " of the " + events + " events sent");
                }
                ingest.add(events / seconds);
                double[] lag = lag(streams);
                lagP50.add(lag[0]);
                lagP99.add(lag[1]);
                consumed.add(events / consume(TOPIC, before, events));
                inserted.add(events / rawInsert(events));
                System.out.printf(Locale.ROOT, "  run %d: sent in %.2f s; ingest %.0f events/s; lag p50 %.0f ms, p99 %.0f ms; broker read %.0f/s; raw insert %.0f/s%n",
                        run, sending, ingest.get(run), lag[0], lag[1], consumed.get(run), inserted.get(run));
            }
        }
        Map<String, Stats> table = new LinkedHashMap<>();
        table.put("event-store ingest (events/s)", Stats.of(ingest));
        table.put("floor: the broker's consumer reading them (records/s)", Stats.of(consumed));
        table.put("floor: raw JDBC batch insert, one transaction (rows/s)", Stats.of(inserted));
        table.put("store lag p50 (ms)", Stats.of(lagP50));
        table.put("store lag p99 (ms)", Stats.of(lagP99));
        System.out.printf(Locale.ROOT, "%n%-58s %6s %9s %9s %9s %9s %9s%n", "", "n", "median", "p90", "p99", "min", "max");
        table.forEach((name, stats) -> System.out.println(stats.row(String.format(Locale.ROOT, "%-52s", name))));
        System.out.printf(Locale.ROOT, "%-58s %.2fx of the raw insert, %.2fx of the broker's read%n", "ingest (medians)",
                Stats.of(ingest).median() / Stats.of(inserted).median(), Stats.of(ingest).median() / Stats.of(consumed).median());
        Path out = BenchOutput.file("bench-ingest.json");
        Files.writeString(out, table.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue().json())
                .collect(Collectors.joining(",\n  ", "{\n  ", "\n}\n")));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    static NotificationDelivered delivered(UUID incident, int n) {
        return new NotificationDelivered(UUID.randomUUID(), incident, Instant.now(), UUID.randomUUID(), Channel.MAIL,
                "lead-" + n + "@example.com", "Rollback step " + n, 1);
    }

    /** Each partition's end offset of the topic now. */
    static Map<TopicPartition, Long> ends(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = IncidentBench.consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** Seconds for a plain consumer to read {@code events} records from {@code from}. */
    static double consume(String topic, Map<TopicPartition, Long> from, int events) {
        try (KafkaConsumer<String, byte[]> consumer = IncidentBench.consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long start = System.nanoTime();
            int read = 0;
            while (read < events) {
                read += consumer.poll(Duration.ofMillis(100)).count();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Seconds for one JDBC batch insert of {@code events} rows into a temporary copy of the event store. */
    static double rawInsert(int events) throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC, "rewind", "rewind"); Statement ddl = connection.createStatement()) {
            ddl.execute("create temporary table scratch_events (like incident.event_store including all)");
            connection.setAutoCommit(false);
            UUID stream = UUID.randomUUID();
            long start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into scratch_events (event_id, stream_id, stream_version, type, source, occurred_at, data)
                    values (?, ?, ?, ?, ?, ?, cast(? as jsonb))""")) {
                for (int i = 0; i < events; i++) {
                    NotificationDelivered event = delivered(stream, i);
                    insert.setObject(1, event.eventId());
                    insert.setObject(2, stream);
                    insert.setInt(3, i + 1);
                    insert.setString(4, event.type().wireName());
                    insert.setString(5, "/rewind/notifier-service");
                    insert.setObject(6, event.occurredAt().atOffset(ZoneOffset.UTC));
                    insert.setString(7, EventJson.MAPPER.writeValueAsString(CloudEventCodec.dataOf(event)));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    static long count(List<UUID> streams) throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC, "rewind", "rewind");
             PreparedStatement query = connection.prepareStatement("select count(*) from incident.event_store where stream_id = any(?)")) {
            query.setArray(1, connection.createArrayOf("uuid", streams.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** p50 and p99 of recorded_at − occurred_at over the streams' events, in ms. */
    static double[] lag(List<UUID> streams) throws Exception {
        try (Connection connection = DriverManager.getConnection(JDBC, "rewind", "rewind");
             PreparedStatement query = connection.prepareStatement("""
                     select percentile_cont(0.5) within group (order by extract(epoch from recorded_at - occurred_at)),
                            percentile_cont(0.99) within group (order by extract(epoch from recorded_at - occurred_at))
                     from incident.event_store where stream_id = any(?)""")) {
            query.setArray(1, connection.createArrayOf("uuid", streams.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new double[] {rows.getDouble(1) * 1000, rows.getDouble(2) * 1000};
            }
        }
    }
}
