package dev.rewind.platform.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.DecodedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The service's consumer loops, started by whoever subscribes and all closed at shutdown. A record
 * that breaks the event contract is logged, counted ({@code rewind.events.rejected}) and skipped: it
 * cannot become valid by waiting, and it must not stop the events behind it.
 */
@ApplicationScoped
public class EventSubscriptions {
    private static final Logger LOG = Logger.getLogger(EventSubscriptions.class);

    /** Handles one decoded event; throwing means "retry later" (see {@link RecordHandler}). */
    @FunctionalInterface
    public interface EventHandler {
        void handle(DecodedEvent event) throws Exception;
    }

    private final KafkaClients clients;
    private final MeterRegistry metrics;
    private final Duration pollTimeout;
    private final List<EventLoop> loops = new CopyOnWriteArrayList<>();

    public EventSubscriptions(KafkaClients clients, MeterRegistry metrics,
                              @ConfigProperty(name = "rewind.kafka.consumer.poll-timeout") Duration pollTimeout) {
        this.clients = clients;
        this.metrics = metrics;
        this.pollTimeout = pollTimeout;
    }

    /** Raw records, for a handler that decodes (and dead-letters) itself. */
    public void subscribe(String name, String group, Collection<String> topics, RecordHandler handler) {
        loops.add(new EventLoop(name, () -> clients.consumer(group), topics, handler, pollTimeout).start());
    }

    /** Decoded Rewind events. */
    public void onEvents(String name, String group, Collection<String> topics, EventHandler handler) {
        subscribe(name, group, topics, record -> {
            DecodedEvent decoded;
            try {
                decoded = CloudEventCodec.decode(record.headers(), record.value());
            } catch (InvalidEventException e) {
                metrics.counter("rewind.events.rejected", "topic", record.topic()).increment();
                LOG.errorf("%s-%d@%d breaks the event contract and is skipped: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                return;
            }
            handler.handle(decoded);
        });
    }

    /** Only events of one type. */
    public <T extends RewindEvent> void on(String name, String group, Collection<String> topics, Class<T> type,
                                           java.util.function.Consumer<T> handler) {
        onEvents(name, group, topics, decoded -> {
            if (type.isInstance(decoded.event())) {
                handler.accept(type.cast(decoded.event()));
            }
        });
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        for (EventLoop loop : loops) {
            loop.close();
        }
    }
}
