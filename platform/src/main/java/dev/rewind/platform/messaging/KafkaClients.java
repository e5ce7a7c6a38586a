package dev.rewind.platform.messaging;

import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the Kafka clients every service uses, from {@code kafka.bootstrap.servers} and, on a secured
 * cluster (Strimzi with SCRAM users), {@code rewind.kafka.security-protocol},
 * {@code rewind.kafka.sasl-mechanism} and {@code rewind.kafka.sasl-jaas-config}.
 */
@ApplicationScoped
public class KafkaClients {
    private final String bootstrapServers;
    private final String applicationName;
    private final String groupPrefix;
    private final Optional<String> groupInstanceId;
    private final Properties security = new Properties();

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                        @ConfigProperty(name = "quarkus.application.name") String applicationName,
                        @ConfigProperty(name = "rewind.kafka.security-protocol", defaultValue = "PLAINTEXT") String securityProtocol,
                        @ConfigProperty(name = "rewind.kafka.sasl-mechanism") Optional<String> saslMechanism,
                        @ConfigProperty(name = "rewind.kafka.sasl-jaas-config") Optional<String> saslJaasConfig,
                        @ConfigProperty(name = "rewind.kafka.group-prefix") Optional<String> groupPrefix,
                        @ConfigProperty(name = "rewind.kafka.group-instance-id") Optional<String> groupInstanceId) {
        this.bootstrapServers = bootstrapServers;
        this.applicationName = applicationName;
        this.groupPrefix = groupPrefix.orElse("");
        this.groupInstanceId = groupInstanceId.filter(id -> !id.isBlank());
        security.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        saslMechanism.filter(m -> !m.isBlank()).ifPresent(m -> security.put(SaslConfigs.SASL_MECHANISM, m));
        saslJaasConfig.filter(c -> !c.isBlank()).ifPresent(c -> security.put(SaslConfigs.SASL_JAAS_CONFIG, c));
    }

    /** The connection settings every client shares: where the brokers are and how to authenticate. */
    public Properties connection() {
        Properties props = new Properties();
        props.putAll(security);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** Idempotent, fully acknowledged, no batching delay: rollback events are few and latency matters. */
    public KafkaProducer<String, byte[]> producer() {
        Properties props = connection();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-" + UUID.randomUUID().toString().substring(0, 8));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    /** A consumer of the given group that commits only what its handler has finished. */
    public KafkaConsumer<String, byte[]> consumer(String groupId) {
        return consumer(groupId, 200);
    }

    /** ...taking up to {@code maxPollRecords} records a poll (more for a loop that handles them in batches). */
    public KafkaConsumer<String, byte[]> consumer(String groupId, int maxPollRecords) {
        return new KafkaConsumer<>(consumerProperties(groupId, maxPollRecords));
    }

    Properties consumerProperties(String groupId, int maxPollRecords) {
        Properties props = connection();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupPrefix + groupId + "-" + UUID.randomUUID().toString().substring(0, 8));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // a member that died (kill -9, a lost node) is replaced after 10 s rather than the default 45 s
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        // static membership: an instance restarted under the same id (a StatefulSet pod, a systemd unit) takes its
        // partitions back at once, instead of after the dead member's session timeout
        groupInstanceId.ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
