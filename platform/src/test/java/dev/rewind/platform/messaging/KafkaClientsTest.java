package dev.rewind.platform.messaging;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientsTest {
    static KafkaClients clients(Optional<String> groupPrefix, Optional<String> groupInstanceId) {
        return new KafkaClients("127.0.0.1:1", "test-service", "PLAINTEXT", Optional.empty(), Optional.empty(), groupPrefix, groupInstanceId);
    }

    @Test
    void consumers_are_static_members_only_when_an_instance_id_is_set() {
        assertThat(clients(Optional.empty(), Optional.empty()).consumerProperties("g", 10))
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "g");
        assertThat(clients(Optional.empty(), Optional.of(" ")).consumerProperties("g", 10))
                .as("blank is unset").doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        assertThat(clients(Optional.of("t1-"), Optional.of("executor-0")).consumerProperties("g", 10))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "executor-0").containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "t1-g");
    }
}
