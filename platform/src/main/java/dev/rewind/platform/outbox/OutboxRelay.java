package dev.rewind.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;

import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.platform.messaging.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

/**
 * Publishes outbox rows in id order and stamps them. Woken right after each commit that wrote one; also
 * sweeps every second, which is what finds rows left by a crash between commit and publish. A row is
 * stamped only after the broker acknowledged it, so a crash can publish it twice but never lose it;
 * consumers drop the duplicate by event id. Each record stands alone: one the broker refuses for good
 * (too large, no such topic, not authorized) is parked with the reason, counted
 * ({@code rewind.outbox.parked}) and logged as an error, and the rows behind it flow on; one refused for
 * now (the broker away) stays for the next sweep.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private final EntityManager entityManager;
    private final EventPublisher publisher;
    private final MeterRegistry metrics;
    private final Semaphore wakeups = new Semaphore(0);
    private final ConcurrentLinkedQueue<List<Committed>> committed = new ConcurrentLinkedQueue<>();

    /** A record whose outbox row has just committed. */
    public record Committed(UUID eventId, ProducerRecord<String, byte[]> record) {
    }

    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(EntityManager entityManager, EventPublisher publisher, MeterRegistry metrics) {
        this.entityManager = entityManager;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        wakeups.release();
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** Called after a commit that wrote outbox rows: publish them now, from memory. */
    void publishCommitted(List<Committed> records) {
        if (!records.isEmpty()) {
            committed.add(records);
            wakeups.release();
        }
    }

    /** Counts and reports a row parked when it was written (see {@link Outbox#enqueue}). */
    void parkedAtEnqueue(UUID eventId, String topic, String reason) {
        metrics.counter("rewind.outbox.parked", "topic", topic).increment();
        LOG.errorf("outbox: event %s for %s parked, never published: %s", eventId, topic, reason);
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                wakeups.tryAcquire(SWEEP.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                publishCommitted();
                while (running && publishBatch() == BATCH) {
                    // a full batch: there may be more
                }
                backoff = Duration.ofMillis(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay: %s; retrying in %d ms", e.getMessage(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * The fast path: records of transactions that just committed, sent without reading them back, then
     * stamped. What the broker does not take now is left to the sweep (the rows stay unstamped).
     */
    private void publishCommitted() throws InterruptedException {
        List<Committed> batch;
        while ((batch = committed.peek()) != null) {
            List<Throwable> failures = publisher.sendEach(batch.stream().map(Committed::record).toList());
            List<Committed> records = batch;
            QuarkusTransaction.requiringNew().run(() -> settle(records.stream().map(c -> (Object) c.eventId()).toList(),
                    records.stream().map(Committed::record).toList(), failures, "event_id"));
            committed.poll();
        }
    }

    /** Publishes up to one batch in one transaction; returns how many rows it looked at. */
    int publishBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                            select id, topic, record_key, payload from outbox
                            where published_at is null and parked_at is null order by id limit ?1 for update skip locked""")
                    .setParameter(1, BATCH)
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
            List<Object> ids = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                ids.add(((Number) row[0]).longValue());
                RecordHeaders headers = new RecordHeaders();
                headers.add(CloudEventCodec.CONTENT_TYPE_HEADER, CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes());
                records.add(new ProducerRecord<>((String) row[1], null, (String) row[2], (byte[]) row[3], headers));
            }
            settle(ids, records, publisher.sendEach(records), "id");
            return rows.size();
        });
    }

    /** Stamps what the broker took, parks what it refused for good, leaves the rest; in the caller's transaction. */
    private void settle(List<Object> keys, List<ProducerRecord<String, byte[]>> records, List<Throwable> failures, String keyColumn) {
        List<Object> published = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Throwable failure = failures.get(i);
            if (failure == null) {
                published.add(keys.get(i));
            } else if (failure instanceof RetriableException || failure instanceof java.util.concurrent.TimeoutException
                    || failure instanceof InterruptedException) {
                LOG.warnf("outbox relay: %s record not taken for now (%s); the sweep tries again", records.get(i).topic(), failure.getMessage());
            } else {
                String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                entityManager.createNativeQuery("update outbox set parked_at = now(), park_reason = ?1 where " + keyColumn + " = ?2")
                        .setParameter(1, reason).setParameter(2, keys.get(i)).executeUpdate();
                metrics.counter("rewind.outbox.parked", "topic", records.get(i).topic()).increment();
                LOG.errorf("outbox: a %s record (%d bytes) refused for good and parked: %s", records.get(i).topic(),
                        records.get(i).value().length, reason);
            }
        }
        if (!published.isEmpty()) {
            entityManager.createNativeQuery("update outbox set published_at = now() where " + keyColumn
                            + " in (?1) and published_at is null")
                    .setParameter(1, published).executeUpdate();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
