package dev.rewind.verifier.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Topics;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.platform.messaging.EventLoop;
import dev.rewind.platform.messaging.KafkaClients;
import dev.rewind.verifier.application.Verifications;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Listens on {@code rewind.phases} for {@code verification.requested}. */
@ApplicationScoped
public class RequestConsumer {
    public static final String GROUP = "verifier-service";
    private static final Logger LOG = Logger.getLogger(RequestConsumer.class);

    private final KafkaClients clients;
    private final Verifications verifications;
    private final Duration pollTimeout;
    private EventLoop loop;

    public RequestConsumer(KafkaClients clients, Verifications verifications,
                           @ConfigProperty(name = "rewind.kafka.consumer.poll-timeout") Duration pollTimeout) {
        this.clients = clients;
        this.verifications = verifications;
        this.pollTimeout = pollTimeout;
    }

    void start(@Observes StartupEvent startup) {
        loop = new EventLoop("verification-requests", clients.consumer(GROUP), List.of(Topics.PHASES), this::handle, pollTimeout).start();
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
        if (event instanceof VerificationRequested request) {
            verifications.onRequest(request);
        }
    }
}
