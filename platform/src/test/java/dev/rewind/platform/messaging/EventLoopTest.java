package dev.rewind.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.events.InvalidEventException;
import dev.rewind.platform.health.ConsumerLoopsReadinessCheck;
import dev.rewind.events.Topics;
import dev.rewind.testing.KafkaTestClient;
import dev.rewind.testing.LocalInfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumers' failure policy on the real broker, each case on a topic of its own. */
class EventLoopTest {
    static KafkaTestClient kafka;
    static Admin admin;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.BOOTSTRAP);
        admin = Admin.create(props);
    }

    static final List<String> CREATED = new CopyOnWriteArrayList<>();

    @AfterAll
    static void disconnect() throws Exception {
        kafka.close();
        admin.deleteTopics(CREATED).all().get(20, TimeUnit.SECONDS);
        admin.close();
    }

    @Test
    void poison_and_records_that_keep_failing_are_dead_lettered_with_their_reason_and_the_next_records_are_handled() throws Exception {
        String topic = newTopic();
        List<String> handled = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        RecordHandler handler = record -> {
            String value = text(record);
            int attempt = tries.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
            switch (value) {
                case "poison" -> throw new InvalidEventException("deployment", "must be lower-case");
                case "always-fails" -> throw new IllegalStateException("check detail over the field limit");
                case "database-away" -> {
                    if (attempt < 4) {
                        throw new Failures.TransientFailure("database away", new java.net.ConnectException("refused"));
                    }
                }
                default -> {
                }
            }
            handled.add(value);
        };
        RecordingListener listener = new RecordingListener();
        try (KafkaTestClient.Watch dlq = kafka.watch(Topics.deadLetterTopic(topic));
             EventLoop loop = loop(topic, handler, listener, () -> consumer(topic, Map.of())).start()) {
            for (String value : List.of("first", "poison", "always-fails", "database-away", "last")) {
                kafka.send(new ProducerRecord<>(topic, "one-key", value.getBytes(StandardCharsets.UTF_8)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("last"));
            assertThat(handled).containsExactly("first", "database-away", "last");

            ConsumerRecord<String, byte[]> poison = dlq.awaitRecord(r -> text(r).equals("poison"), Duration.ofSeconds(10));
            assertThat(header(poison, Topics.ERROR_HEADER)).isEqualTo("deployment must be lower-case");
            assertThat(header(poison, Topics.ATTEMPTS_HEADER)).isEqualTo("1");
            assertThat(header(poison, Topics.SERVICE_HEADER)).isEqualTo("test-service");
            assertThat(header(poison, Topics.ORIGIN_HEADER)).matches(java.util.regex.Pattern.quote(topic) + "-[01]@1");
            ConsumerRecord<String, byte[]> failing = dlq.awaitRecord(r -> text(r).equals("always-fails"), Duration.ofSeconds(10));
            assertThat(header(failing, Topics.ATTEMPTS_HEADER)).isEqualTo("3");
            assertThat(header(failing, Topics.ERROR_HEADER)).isEqualTo("check detail over the field limit");
            assertThat(tries.get("always-fails")).hasValue(3);
            assertThat(tries.get("database-away")).as("transient failures are retried past the attempt limit").hasValue(4);
            assertThat(dlq.seen()).noneMatch(r -> text(r).equals("database-away"));
            assertThat(listener.deadLetters).hasSize(2);
        }
    }

    @Test
    void a_handler_that_works_longer_than_the_poll_interval_keeps_its_membership() throws Exception {
        String topic = newTopic();
        List<String> handled = new CopyOnWriteArrayList<>();
        CountDownLatch neverReleased = new CountDownLatch(1);
        RecordHandler handler = record -> {
            if (text(record).equals("long")) {
                assertThat(neverReleased.await(4, TimeUnit.SECONDS)).isFalse(); // a four-second check
            }
            handled.add(text(record));
        };
        RecordingListener listener = new RecordingListener();
        Map<String, Object> shortPollInterval = Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1500);
        try (EventLoop loop = loop(topic, handler, listener, () -> consumer(topic, shortPollInterval)).start()) {
            kafka.send(new ProducerRecord<>(topic, "k", "long".getBytes(StandardCharsets.UTF_8)));
            kafka.send(new ProducerRecord<>(topic, "k", "after".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("after"));
            assertThat(handled).containsExactly("long", "after");
            assertThat(listener.restarts).isEmpty();
            assertThat(loop.state()).isEqualTo(EventLoop.State.RUNNING);
        }
    }

    @Test
    void a_loop_killed_by_a_commit_failure_is_restarted_and_is_down_meanwhile() throws Exception {
        String topic = newTopic();
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicBoolean failCommit = new AtomicBoolean(true);
        RecordingListener listener = new RecordingListener();
        EventLoop[] self = new EventLoop[1];
        listener.onRestart = () -> listener.statesAtRestart.add(self[0].state());
        Supplier<KafkaConsumer<String, byte[]>> consumers = () -> new KafkaConsumer<>(consumerProperties(topic, Map.of())) {
            @Override
            public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                if (failCommit.getAndSet(false)) {
                    throw new CommitFailedException("the group rebalanced (injected)");
                }
                super.commitSync(offsets);
            }
        };
        try (EventLoop loop = loop(topic, record -> handled.add(text(record)), listener, consumers)) {
            self[0] = loop;
            loop.start();
            kafka.send(new ProducerRecord<>(topic, "k", "one".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(30)).until(() -> !listener.restarts.isEmpty());
            assertThat(listener.statesAtRestart).containsExactly(EventLoop.State.RESTARTING);
            assertThat(ConsumerLoopsReadinessCheck.report(List.of(loop)).getStatus().name()).isIn("DOWN", "UP");
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.state() == EventLoop.State.RUNNING);
            assertThat(ConsumerLoopsReadinessCheck.report(List.of(loop)).getStatus().name()).isEqualTo("UP");
            kafka.send(new ProducerRecord<>(topic, "k", "two".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("two"));
            assertThat(handled).as("the record whose commit failed is handled again, nothing is lost").containsExactly("one", "one", "two");
            assertThat(listener.restarts).hasSize(1).first().asString().contains("CommitFailedException");
        }
    }

    @Test
    void readiness_reports_a_loop_that_is_not_running_as_down() {
        EventLoop loop = loop(newTopicName(), record -> {
        }, new RecordingListener(), () -> consumer(newTopicName(), Map.of()));
        assertThat(ConsumerLoopsReadinessCheck.report(List.of(loop)).getStatus().name()).isEqualTo("DOWN");
        assertThat(ConsumerLoopsReadinessCheck.report(List.of()).getStatus().name()).isEqualTo("UP");
    }

    @Test
    void a_batch_handler_takes_a_partitions_records_together_and_a_batch_holding_poison_goes_one_by_one() throws Exception {
        String topic = newTopic();
        List<String> handled = new CopyOnWriteArrayList<>();
        List<List<String>> taken = new CopyOnWriteArrayList<>();
        RecordHandler one = refusingPoison(handled);
        BatchHandler together = refusingPoison(handled, taken);

        // sent before the loop starts: its first poll finds all five on the key's partition
        kafka.sendAll(List.of("a1", "a2", "a3", "a4", "a5").stream()
                .map(v -> new ProducerRecord<>(topic, "one-key", v.getBytes(StandardCharsets.UTF_8))).toList());
        EventLoop.Settings settings = new EventLoop.Settings(Duration.ofMillis(100), 3, Duration.ofMillis(50),
                Duration.ofMillis(400), Duration.ofSeconds(2));
        try (KafkaTestClient.Watch dlq = kafka.watch(Topics.deadLetterTopic(topic));
             EventLoop loop = new EventLoop("test", "test-service", () -> consumer(topic, Map.of()), List.of(topic), one, together,
                     kafka::sendAndWait, new RecordingListener(), settings).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 5);
            assertThat(taken).as("the five records handled in one batch").extracting(List::size).containsExactly(5);

            kafka.sendAll(List.of("b1", "poison", "b2").stream()
                    .map(v -> new ProducerRecord<>(topic, "one-key", v.getBytes(StandardCharsets.UTF_8))).toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("b2"));
            dlq.awaitRecord(r -> text(r).equals("poison"), Duration.ofSeconds(10));
            assertThat(handled).as("each record once, in order, the poison dead-lettered alone")
                    .containsExactly("a1", "a2", "a3", "a4", "a5", "b1", "b2");
        }
    }

    @Test
    void a_polls_partitions_go_to_the_batch_handler_together_and_a_poisoned_one_falls_back_alone() throws Exception {
        String topic = newTopic();
        String left = keyOnPartition(0);
        String right = keyOnPartition(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        RecordHandler one = refusingPoison(handled);
        BatchHandler together = refusingPoison(handled, batches);
        List<ProducerRecord<String, byte[]>> first = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            first.add(new ProducerRecord<>(topic, left, ("l" + i).getBytes(StandardCharsets.UTF_8)));
            first.add(new ProducerRecord<>(topic, right, ("r" + i).getBytes(StandardCharsets.UTF_8)));
        }
        kafka.sendAll(first);
        EventLoop.Settings settings = new EventLoop.Settings(Duration.ofMillis(100), 3, Duration.ofMillis(50),
                Duration.ofMillis(400), Duration.ofSeconds(2));
        try (KafkaTestClient.Watch dlq = kafka.watch(Topics.deadLetterTopic(topic));
             EventLoop loop = new EventLoop("test", "test-service", () -> consumer(topic, Map.of()), List.of(topic), one, together,
                     kafka::sendAndWait, new RecordingListener(), settings).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 6);
            assertThat(batches).as("both partitions' records in one batch").hasSize(1);
            assertThat(batches.get(0)).hasSize(6);
            assertThat(batches.get(0).stream().filter(v -> v.startsWith("l"))).as("each partition in order").containsExactly("l1", "l2", "l3");
            assertThat(batches.get(0).stream().filter(v -> v.startsWith("r"))).containsExactly("r1", "r2", "r3");

            // one poll with both partitions again, one of them poisoned: the clean one is still a batch of its own
            loop.close();
            kafka.sendAll(List.of(new ProducerRecord<>(topic, left, "l4".getBytes(StandardCharsets.UTF_8)),
                    new ProducerRecord<>(topic, left, "l5".getBytes(StandardCharsets.UTF_8)),
                    new ProducerRecord<>(topic, right, "poison".getBytes(StandardCharsets.UTF_8)),
                    new ProducerRecord<>(topic, right, "r4".getBytes(StandardCharsets.UTF_8))));
            try (EventLoop again = new EventLoop("test", "test-service", () -> consumer(topic, Map.of()), List.of(topic), one, together,
                    kafka::sendAndWait, new RecordingListener(), settings).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("l5") && handled.contains("r4"));
                dlq.awaitRecord(r -> text(r).equals("poison"), Duration.ofSeconds(10));
                assertThat(batches).as("the clean partition's two records together").contains(List.of("l4", "l5"));
                assertThat(handled).as("each record once").containsExactlyInAnyOrder("l1", "l2", "l3", "r1", "r2", "r3", "l4", "l5", "r4");
            }
        }
    }

    /** Takes each record's text; a record "poison" breaks the contract. */
    private static RecordHandler refusingPoison(List<String> handled) {
        return record -> {
            if (text(record).equals("poison")) {
                throw new InvalidEventException("deployment", "must be lower-case");
            }
            handled.add(text(record));
        };
    }

    /** The same for a batch, all or nothing; each batch taken is noted. */
    private static BatchHandler refusingPoison(List<String> handled, List<List<String>> batches) {
        return records -> {
            if (records.stream().anyMatch(r -> text(r).equals("poison"))) {
                throw new InvalidEventException("deployment", "must be lower-case");
            }
            batches.add(records.stream().map(EventLoopTest::text).toList());
            records.forEach(r -> handled.add(text(r)));
        };
    }

    /** A key the producer's default partitioner puts on the partition (of two). */
    private static String keyOnPartition(int partition) {
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            if (org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    key.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
                return key;
            }
        }
    }

    private static EventLoop loop(String topic, RecordHandler handler, EventLoop.Listener listener,
                                  Supplier<KafkaConsumer<String, byte[]>> consumers) {
        EventLoop.Settings settings = new EventLoop.Settings(Duration.ofMillis(100), 3, Duration.ofMillis(50),
                Duration.ofMillis(400), Duration.ofSeconds(2));
        return new EventLoop("test", "test-service", consumers, List.of(topic), handler, kafka::sendAndWait, listener, settings);
    }

    private static String newTopicName() {
        return "rewind.test.loop-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String newTopic() throws Exception {
        String topic = newTopicName();
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic(Topics.deadLetterTopic(topic), 1, (short) 1)))
                .all().get(20, TimeUnit.SECONDS);
        CREATED.add(topic);
        CREATED.add(Topics.deadLetterTopic(topic));
        return topic;
    }

    private static KafkaConsumer<String, byte[]> consumer(String topic, Map<String, Object> extra) {
        return new KafkaConsumer<>(consumerProperties(topic, extra));
    }

    private static Properties consumerProperties(String topic, Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.putAll(extra);
        return props;
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static final class RecordingListener implements EventLoop.Listener {
        final List<String> deadLetters = new CopyOnWriteArrayList<>();
        final List<String> restarts = new CopyOnWriteArrayList<>();
        final List<EventLoop.State> statesAtRestart = new CopyOnWriteArrayList<>();
        Runnable onRestart = () -> {
        };

        @Override
        public void deadLettered(String topic, String reason) {
            deadLetters.add(reason);
        }

        @Override
        public void retried(String topic, Failures.Kind kind) {
        }

        @Override
        public void restarted(String reason) {
            onRestart.run();
            restarts.add(reason);
        }
    }
}
