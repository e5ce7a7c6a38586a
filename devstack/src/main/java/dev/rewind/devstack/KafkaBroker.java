package dev.rewind.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

import dev.rewind.events.Topics;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker + controller in one JVM) on 127.0.0.1:9092,
 * run from the jars on this module's classpath. Idempotent: a broker that already answers is reused.
 */
final class KafkaBroker {
    static final int PORT = Integer.getInteger("rewind.kafka.port", 9092);
    static final int CONTROLLER_PORT = Integer.getInteger("rewind.kafka.controller-port", PORT + 1);
    static final String BOOTSTRAP = "127.0.0.1:" + PORT;
    static final int INCIDENT_TOPIC_PARTITIONS = 6;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final Path pidFile;

    KafkaBroker(Path dir) {
        this.dir = dir;
        this.pidFile = dir.resolve("kafka.pid");
    }

    int start() throws Exception {
        if (answers(Duration.ofSeconds(2))) {
            log("Kafka already answers on " + BOOTSTRAP + ": reusing it");
            ensureTopics();
            return 0;
        }
        Files.createDirectories(dir);
        Path config = writeConfig();
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            format(config);
        }
        Process broker = java("kafka.Kafka", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.out").toFile()))
                .start();
        Files.writeString(pidFile, broker.pid() + " " + broker.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!answers(Duration.ofSeconds(2))) {
            if (!broker.isAlive()) {
                log("Kafka exited with " + broker.exitValue() + "; see " + dir.resolve("broker.out"));
                return 1;
            }
            if (Instant.now().isAfter(deadline)) {
                log("Kafka did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + dir.resolve("broker.out"));
                return 1;
            }
            Thread.sleep(200);
        }
        ensureTopics();
        log("Kafka ready on " + BOOTSTRAP + " (pid " + broker.pid() + ")");
        return 0;
    }

    int stop() throws Exception {
        Optional<ProcessHandle> broker = brokerProcess();
        if (broker.isEmpty()) {
            log(answers(Duration.ofSeconds(1))
                    ? "A broker answers on " + BOOTSTRAP + " but was not started by Rewind; leaving it alone"
                    : "Kafka is not running");
            return 0;
        }
        broker.get().destroy();
        try {
            broker.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log("Kafka did not stop within 30 s after SIGTERM; killing it");
            broker.get().destroyForcibly();
            broker.get().onExit().get(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(pidFile);
        log("Kafka stopped");
        return 0;
    }

    int status() {
        boolean up = answers(Duration.ofSeconds(2));
        log("Kafka on " + BOOTSTRAP + ": " + (up ? "UP" : "DOWN") + brokerProcess().map(p -> " (pid " + p.pid() + ")").orElse(""));
        return up ? 0 : 1;
    }

    private Optional<ProcessHandle> brokerProcess() {
        try {
            // pid and start time: a recycled pid must not get the broker's SIGTERM
            String[] recorded = Files.readString(pidFile).trim().split(" ");
            long started = recorded.length > 1 ? Long.parseLong(recorded[1]) : 0L;
            return ProcessHandle.of(Long.parseLong(recorded[0])).filter(ProcessHandle::isAlive)
                    .filter(p -> started == 0L || p.info().startInstant().map(Instant::toEpochMilli).orElse(started) == started);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean answers(Duration timeout) {
        try (Admin admin = admin(timeout)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Admin admin(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(props);
    }

    /** Creates the contract's topics that are missing; existing ones are left as they are. */
    static void ensureTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = admin(Duration.ofSeconds(10))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                if (!existing.contains(topic)) {
                    int partitions = topic.equals(Topics.SIGNALS_DLQ) ? 1 : INCIDENT_TOPIC_PARTITIONS;
                    missing.add(new NewTopic(topic, partitions, (short) 1)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                log("created topics " + missing.stream().map(NewTopic::name).toList());
            }
        }
    }

    private Path writeConfig() throws IOException {
        Path config = dir.resolve("server.properties");
        String text = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                num.partitions=1
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=6
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(PORT, CONTROLLER_PORT, dir.resolve("data").toAbsolutePath());
        Files.writeString(config, text, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("log4j2.properties"), """
                rootLogger.level=WARN
                rootLogger.appenderRef.out.ref=out
                appender.out.type=Console
                appender.out.name=out
                appender.out.layout.type=PatternLayout
                appender.out.layout.pattern=%d{ISO8601} %-5p [%c{1}] %m%n
                logger.kafka.name=kafka.server.KafkaRaftServer
                logger.kafka.level=INFO
                """);
        return config;
    }

    private void format(Path config) throws Exception {
        Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.out").toFile()))
                .start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting the Kafka storage failed; see " + dir.resolve("format.out"));
        }
        log("formatted Kafka storage in " + dir.resolve("data"));
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }

    private static void log(String message) {
        System.out.println("[kafka] " + message);
    }
}
