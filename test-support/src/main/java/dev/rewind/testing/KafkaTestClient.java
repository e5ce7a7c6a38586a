package dev.rewind.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
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

/** A plain Kafka client for tests: produce records, and watch a topic from its current end. */
public final class KafkaTestClient implements AutoCloseable {
    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props);
    }

    public KafkaTestClient() {
        this(LocalInfra.BOOTSTRAP);
    }

    /** Sends the record as its topic's producer would: signed by that service's test key where the topic needs proof. */
    public void send(ProducerRecord<String, byte[]> record) {
        sendAsIs(TestEventKeys.signedByProducer(record));
    }

    /** Sends all the records at once, each signed as its topic's producer would, then waits for every acknowledgement. */
    public void sendAll(List<ProducerRecord<String, byte[]>> records) {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            acks.add(producer.send(TestEventKeys.signedByProducer(record)));
        }
        try {
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the record exactly as given: unsigned, or with the headers an attacker chose. */
    public void sendAsIs(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #send}, for a caller that handles the failure itself. */
    public void sendAndWait(ProducerRecord<String, byte[]> record) throws Exception {
        producer.send(TestEventKeys.signedByProducer(record)).get(10, TimeUnit.SECONDS);
    }

    /**
     * Moves a consumer group with no live member to the current end of the topics: a service started
     * next on this (shared) broker reads only what comes after, not every earlier test's events.
     */
    public void skipToEnd(String group, Collection<String> topics) {
        skipToEnd(List.of(group), topics);
    }

    /** As {@link #skipToEnd(String, Collection)} for several groups, with one look-up of the topics' ends. */
    public void skipToEnd(Collection<String> groups, Collection<String> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                    .forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end.offset())));
            // a member killed with -9 stays in the group until its session times out (10 s)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (String group : groups) {
                while (true) {
                    try {
                        admin.alterConsumerGroupOffsets(group, ends).all().get(10, TimeUnit.SECONDS);
                        break;
                    } catch (java.util.concurrent.ExecutionException notEmpty) {
                        if (System.nanoTime() > deadline) {
                            throw notEmpty;
                        }
                        Thread.sleep(1_000);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not move consumer groups " + groups + " to the end of " + topics, e);
        }
    }

    /** Starts watching a topic from its current end: only records produced after this call are seen. */
    public Watch watch(String topic) {
        return new Watch(topic);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    public final class Watch implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        private Watch(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-watch-" + UUID.randomUUID());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** Waits until a record matching the predicate arrives, and returns it. */
        public ConsumerRecord<String, byte[]> awaitRecord(Predicate<ConsumerRecord<String, byte[]>> predicate, Duration timeout) {
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                seen.stream().filter(predicate).findFirst().ifPresent(found::add);
                return !found.isEmpty();
            });
            return found.get(0);
        }

        public List<ConsumerRecord<String, byte[]>> seen() {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
