package dev.rewind.executor.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Topics;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.executor.application.RollbackRunner;
import dev.rewind.platform.messaging.EventLoop;
import dev.rewind.platform.messaging.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Listens on {@code rewind.verifications} for the verdicts the executor waits on. */
@ApplicationScoped
public class VerificationConsumer {
    public static final String GROUP = "executor-service-verifications";
    private static final Logger LOG = Logger.getLogger(VerificationConsumer.class);

    private final KafkaClients clients;
    private final RollbackRunner runner;
    private final Duration pollTimeout;
    private EventLoop loop;

    public VerificationConsumer(KafkaClients clients, RollbackRunner runner,
                                @ConfigProperty(name = "rewind.kafka.consumer.poll-timeout") Duration pollTimeout) {
        this.clients = clients;
        this.runner = runner;
        this.pollTimeout = pollTimeout;
    }

    void start(@Observes StartupEvent startup) {
        loop = new EventLoop("verifications", clients.consumer(GROUP), List.of(Topics.VERIFICATIONS), this::handle, pollTimeout).start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        if (loop != null) {
            loop.close();
        }
    }

    void handle(ConsumerRecord<String, byte[]> record) {
        RewindEvent event;
        try {
            event = CloudEventCodec.decode(record.headers(), record.value()).event();
        } catch (InvalidEventException e) {
            LOG.errorf("%s-%d@%d breaks the contract and is skipped: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (event instanceof VerificationCompleted completed) {
            runner.onVerification(completed);
        }
    }
}
