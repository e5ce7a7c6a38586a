package dev.rewind.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.platform.messaging.EventPublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

/**
 * Publishes outbox rows in id order and stamps them. Woken right after each commit that wrote one; also
 * sweeps every second, which is what finds rows left by a crash between commit and publish. A row is
 * stamped only after the broker acknowledged it, so a crash can publish it twice but never lose it;
 * consumers drop the duplicate by event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private final EntityManager entityManager;
    private final EventPublisher publisher;
    private final Semaphore wakeups = new Semaphore(0);
    private final java.util.concurrent.ConcurrentLinkedQueue<List<Committed>> committed = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** A record whose outbox row has just committed. */
    public record Committed(java.util.UUID eventId, ProducerRecord<String, byte[]> record) {
    }
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(EntityManager entityManager, EventPublisher publisher) {
        this.entityManager = entityManager;
        this.publisher = publisher;
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
        committed.add(records);
        wakeups.release();
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
            } catch (RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warnf("outbox relay: publishing failed (%s); retrying in %d ms", e.getMessage(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * The fast path: records of transactions that just committed, sent without reading them back, then
     * stamped. If sending fails they stay queued for this path's next turn; the rows stay unstamped, so
     * a crash leaves them to the sweep.
     */
    private void publishCommitted() throws java.util.concurrent.ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        List<Committed> batch;
        while ((batch = committed.peek()) != null) {
            publisher.sendAll(batch.stream().map(Committed::record).toList());
            List<java.util.UUID> ids = batch.stream().map(Committed::eventId).toList();
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                            "update outbox set published_at = now() where event_id in (?1) and published_at is null")
                    .setParameter(1, ids).executeUpdate());
            committed.poll();
        }
    }

    /** Publishes up to one batch in one transaction; returns how many rows it published. */
    int publishBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                            select id, topic, record_key, payload from outbox
                            where published_at is null order by id limit ?1 for update skip locked""")
                    .setParameter(1, BATCH)
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
            List<Long> ids = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                ids.add(((Number) row[0]).longValue());
                RecordHeaders headers = new RecordHeaders();
                headers.add(CloudEventCodec.CONTENT_TYPE_HEADER, CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes());
                records.add(new ProducerRecord<>((String) row[1], null, (String) row[2], (byte[]) row[3], headers));
            }
            publisher.sendAll(records);
            entityManager.createNativeQuery("update outbox set published_at = now() where id in (?1)")
                    .setParameter(1, ids)
                    .executeUpdate();
            return rows.size();
        });
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
