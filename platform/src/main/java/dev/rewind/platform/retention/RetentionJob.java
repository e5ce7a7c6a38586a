package dev.rewind.platform.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes what no one needs any more, on a schedule ({@code rewind.retention.every}): published outbox rows, the
 * processed-event marks older than any redelivery can be (keep them longer than the topics' retention), and what
 * each service adds ({@link RetentionRule}). It deletes in chunks, each its own short transaction, so a large
 * backlog never holds a long lock; a parked outbox row (never published) is kept for an operator.
 */
@ApplicationScoped
@Startup // a bad retention setting stops the start, naming it
public class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final EntityManager entityManager;
    private final List<RetentionRule> rules;
    private final MeterRegistry metrics;
    private final int chunk;

    public RetentionJob(EntityManager entityManager, Instance<RetentionRule> rules, MeterRegistry metrics,
                        @ConfigProperty(name = "rewind.retention.chunk", defaultValue = "10000") int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("rewind.retention.chunk must be at least 1, not " + chunk);
        }
        this.entityManager = entityManager;
        this.rules = rules.stream().toList();
        this.metrics = metrics;
        this.chunk = chunk;
    }

    @Produces
    @Singleton
    static RetentionRule publishedOutboxRows(@ConfigProperty(name = "rewind.retention.outbox", defaultValue = "P7D") Duration keep) {
        return new RetentionRule("outbox", "published_at", "published_at is not null", keep, "rewind.retention.outbox");
    }

    @Produces
    @Singleton
    static RetentionRule processedEventMarks(@ConfigProperty(name = "rewind.retention.processed-events", defaultValue = "P14D") Duration keep) {
        return new RetentionRule("processed_event", "processed_at", "", keep, "rewind.retention.processed-events");
    }

    @Scheduled(every = "${rewind.retention.every:10m}", delayed = "${rewind.retention.every:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            run(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("retention: %s (tried again at the next run)", e.getMessage());
        }
    }

    /** Deletes every rule's rows older than its keep at {@code now}; returns how many, by table. */
    public Map<String, Long> run(Instant now) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (RetentionRule rule : rules) {
            Instant before = now.minus(rule.keep());
            long total = 0;
            int removed;
            do {
                removed = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(rule.deleteChunk())
                        .setParameter(1, before).setParameter(2, chunk).executeUpdate());
                total += removed;
            } while (removed == chunk);
            deleted.merge(rule.table(), total, Long::sum);
            if (total > 0) {
                metrics.counter("rewind.retention.deleted", "table", rule.table()).increment(total);
                LOG.infof("retention: deleted %d rows of %s older than %s", total, rule.table(), rule.keep());
            }
        }
        return deleted;
    }

    /** The rules in force, for the README's table and the tests. */
    public List<RetentionRule> rules() {
        return rules;
    }
}
