package dev.rewind.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.rewind.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every consumer of a service follows the failure policy: a poison record on each topic it reads is
 * dead-lettered to {@code <topic>.dlq} with the reason, the service and the attempts, and the loop goes on
 * to the next record (a second poison behind it is dead-lettered too, in order). A service's test
 * extends this as a {@code @QuarkusTest} and names what it consumes.
 */
public abstract class PoisonRecordContract {
    /** The service's {@code quarkus.application.name}. */
    protected abstract String service();

    /** Every topic the service's loops read. */
    protected abstract List<String> consumedTopics();

    @Test
    void a_poison_record_on_every_consumed_topic_is_dead_lettered_and_the_next_record_is_handled() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (String topic : consumedTopics()) {
                try (KafkaTestClient.Watch dlq = kafka.watch(Topics.deadLetterTopic(topic))) {
                    String first = "poison-" + run + "-1";
                    String second = "poison-" + run + "-2";
                    kafka.send(new ProducerRecord<>(topic, first, "{\"specversion\":\"1.0\",\"id\":".getBytes(StandardCharsets.UTF_8)));
                    kafka.send(new ProducerRecord<>(topic, second, new byte[] {0, (byte) 0xff, 0x7f}));
                    ConsumerRecord<String, byte[]> dead = dlq.awaitRecord(r -> first.equals(r.key()) && service().equals(header(r, Topics.SERVICE_HEADER)),
                            Duration.ofSeconds(30));
                    assertThat(header(dead, Topics.ERROR_HEADER)).as("reason on %s", topic).isNotBlank();
                    assertThat(header(dead, Topics.ATTEMPTS_HEADER)).isEqualTo("1");
                    assertThat(header(dead, Topics.ORIGIN_HEADER)).startsWith(topic + "-");
                    dlq.awaitRecord(r -> second.equals(r.key()) && service().equals(header(r, Topics.SERVICE_HEADER)), Duration.ofSeconds(30));
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name) == null ? null
                : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
