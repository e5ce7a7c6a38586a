package dev.rewind.platform.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One consumer: a poll thread that only polls, commits and keeps the member alive, and a worker thread that
 * runs the handler, so no handler, however long, gets the member evicted (the partitions are paused while
 * a batch is in work). The failure policy is {@link Failures}': a transient failure holds only its
 * partition, retried with backoff; poison is dead-lettered at once; anything else after
 * {@link Settings#maxAttempts()} tries. If the consumer itself fails (a commit refused, an authorization
 * error), the loop is down ({@link #state()}) and starts a new consumer after a backoff.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventLoop.class);

    /** Where the loop stands; readiness is UP only in {@link #RUNNING}. */
    public enum State { STARTING, RUNNING, RESTARTING, STOPPED }

    /** The failure policy's numbers. */
    public record Settings(Duration pollTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                           Duration maxRestartBackoff) {
        public static Settings defaults(Duration pollTimeout) {
            return new Settings(pollTimeout, 5, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30));
        }

        Duration backoff(int failures) {
            long millis = initialBackoff.toMillis() << Math.min(failures - 1, 16);
            return millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
        }
    }

    /** What the loop reports: dead letters, retries, restarts. */
    public interface Listener {
        void deadLettered(String topic, String reason);

        void retried(String topic, Failures.Kind kind);

        void restarted(String reason);
    }

    /** Sends a dead letter and waits for the broker's acknowledgement. */
    @FunctionalInterface
    public interface DeadLetterSink {
        void send(ProducerRecord<String, byte[]> deadLetter) throws Exception;
    }

    private final String name;
    private final String service;
    private final Supplier<KafkaConsumer<String, byte[]>> consumers;
    private final Collection<String> topics;
    private final RecordHandler handler;
    /** {@code null}: every record goes through {@link #handler} alone. */
    private final BatchHandler batchHandler;
    private final DeadLetterSink deadLetters;
    private final Listener listener;
    private final Settings settings;
    private final Thread thread;
    private final ExecutorService worker;
    private final Map<TopicPartition, Attempts> attempts = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> heldUntil = new HashMap<>();
    private volatile boolean running = true;
    private volatile State state = State.STARTING;
    private volatile String lastFailure;
    private KafkaConsumer<String, byte[]> consumer;
    private CompletableFuture<Map<TopicPartition, Outcome>> inWork;

    /** The failures so far of the record at {@code offset}. */
    private record Attempts(long offset, int count) {
    }

    /** A partition after a batch: the offset to commit (or -1), and where to hold it (or -1). */
    private record Outcome(long commit, long retryAt, Duration hold) {
    }

    /** {@code consumers} makes the loop's consumer, on the loop's own thread: start-up does not wait for it. */
    public EventLoop(String name, String service, Supplier<KafkaConsumer<String, byte[]>> consumers, Collection<String> topics,
                     RecordHandler handler, DeadLetterSink deadLetters, Listener listener, Settings settings) {
        this(name, service, consumers, topics, handler, null, deadLetters, listener, settings);
    }

    /**
     * With a {@code batchHandler}, a poll's records are first offered to it together (each partition's in order); when
     * it throws, each partition's records are; when that throws, they are handled one by one by {@code handler}, under
     * the failure policy.
     */
    public EventLoop(String name, String service, Supplier<KafkaConsumer<String, byte[]>> consumers, Collection<String> topics,
                     RecordHandler handler, BatchHandler batchHandler, DeadLetterSink deadLetters, Listener listener, Settings settings) {
        this.name = name;
        this.batchHandler = batchHandler;
        this.service = service;
        this.consumers = consumers;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.listener = listener;
        this.settings = settings;
        this.thread = new Thread(this::run, "event-loop-" + name);
        this.thread.setDaemon(true);
        this.worker = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "event-worker-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    public EventLoop start() {
        thread.start();
        return this;
    }

    public String name() {
        return name;
    }

    public State state() {
        return state;
    }

    /** Why the consumer last failed, or {@code null}. */
    public String lastFailure() {
        return lastFailure;
    }

    private void run() {
        int restarts = 0;
        while (running) {
            long started = System.nanoTime();
            try {
                consume();
            } catch (WakeupException e) {
                if (running) {
                    lastFailure = "unexpected wakeup";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable e) {
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.errorf(e, "%s: consumer failed; starting a new one", name);
            } finally {
                closeConsumer();
            }
            if (!running) {
                break;
            }
            state = State.RESTARTING;
            restarts = Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMinutes(1)) > 0 ? 1 : restarts + 1;
            listener.restarted(String.valueOf(lastFailure));
            long backoff = Math.min(settings.initialBackoff().toMillis() << Math.min(restarts, 16), settings.maxRestartBackoff().toMillis());
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        state = State.STOPPED;
        worker.shutdownNow();
    }

    private void consume() throws InterruptedException {
        synchronized (this) {
            if (!running) {
                return;
            }
            state = State.STARTING;
            consumer = consumers.get();
        }
        consumer.subscribe(topics, new Rebalance());
        while (running) {
            ConsumerRecords<String, byte[]> records = poll();
            if (records == null) {
                return;
            }
            state = State.RUNNING;
            if (!records.isEmpty()) {
                if (inWork == null) {
                    KafkaConsumer<String, byte[]> polling = consumer;
                    inWork = CompletableFuture.supplyAsync(() -> work(records), worker);
                    inWork.whenComplete((done, failure) -> polling.wakeup());
                } else {
                    // a partition newly assigned while a batch is in work: read again once it is done
                    records.partitions().forEach(p -> consumer.seek(p, records.records(p).get(0).offset()));
                }
            }
            if (inWork != null && inWork.isDone()) {
                finish(takeWork());
            }
            pauseAndResume();
        }
    }

    /** The next records; empty when the worker's "batch done" wakeup cut the poll short; {@code null} when closing. */
    private ConsumerRecords<String, byte[]> poll() {
        try {
            return consumer.poll(settings.pollTimeout());
        } catch (WakeupException e) {
            return running ? ConsumerRecords.empty() : null;
        }
    }

    private Map<TopicPartition, Outcome> takeWork() throws InterruptedException {
        try {
            return inWork.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch failed outside its handler", e.getCause());
        } finally {
            inWork = null;
        }
    }

    /** Commits what the batch finished and holds the partitions it must come back to. */
    private void finish(Map<TopicPartition, Outcome> outcomes) {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        outcomes.forEach((partition, outcome) -> {
            if (!assigned.contains(partition)) {
                return;
            }
            if (outcome.commit() >= 0) {
                commits.put(partition, new OffsetAndMetadata(outcome.commit()));
            }
            if (outcome.retryAt() >= 0) {
                consumer.seek(partition, outcome.retryAt());
                heldUntil.put(partition, System.nanoTime() + outcome.hold().toNanos());
            }
        });
        while (!commits.isEmpty()) {
            try {
                consumer.commitSync(commits);
                return;
            } catch (WakeupException e) {
                // the worker's "batch done" wakeup reached the commit instead of the poll
                if (!running) {
                    throw e;
                }
            }
        }
    }

    private void pauseAndResume() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (inWork != null) {
            consumer.pause(assigned);
            return;
        }
        long now = System.nanoTime();
        heldUntil.keySet().retainAll(assigned);
        Set<TopicPartition> held = new HashSet<>();
        heldUntil.forEach((partition, until) -> {
            if (until - now > 0) {
                held.add(partition);
            }
        });
        heldUntil.keySet().retainAll(held);
        consumer.pause(held);
        Set<TopicPartition> resume = new HashSet<>(consumer.paused());
        resume.removeAll(held);
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    /**
     * On the worker: the whole poll offered to the batch handler at once (one transaction for all its partitions);
     * failing that, each partition's records together, failing that one by one, in order, each tried once.
     */
    private Map<TopicPartition, Outcome> work(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Outcome> outcomes = new HashMap<>();
        List<TopicPartition> fresh = records.partitions().stream().filter(p -> !attempts.containsKey(p)).toList();
        if (fresh.size() > 1) {
            List<ConsumerRecord<String, byte[]>> all = new java.util.ArrayList<>();
            fresh.forEach(partition -> all.addAll(records.records(partition)));
            if (handledTogether(null, all)) {
                fresh.forEach(partition -> {
                    List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
                    outcomes.put(partition, new Outcome(batch.get(batch.size() - 1).offset() + 1, -1, Duration.ZERO));
                });
            }
        }
        for (TopicPartition partition : records.partitions()) {
            if (outcomes.containsKey(partition)) {
                continue;
            }
            List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
            if (handledTogether(partition, batch)) {
                outcomes.put(partition, new Outcome(batch.get(batch.size() - 1).offset() + 1, -1, Duration.ZERO));
                continue;
            }
            long commit = -1;
            Outcome outcome = null;
            for (ConsumerRecord<String, byte[]> record : batch) {
                if (!running) {
                    break;
                }
                Duration hold = handle(partition, record);
                if (hold != null) {
                    outcome = new Outcome(commit, record.offset(), hold);
                    break;
                }
                commit = record.offset() + 1;
            }
            outcomes.put(partition, outcome != null ? outcome : new Outcome(commit, -1, Duration.ZERO));
        }
        return outcomes;
    }

    /** Offers records of a partition (or of several: {@code null}) to the batch handler; {@code false} when they must go apart. */
    private boolean handledTogether(TopicPartition partition, List<ConsumerRecord<String, byte[]>> batch) {
        // a record already failing is retried on its own, under the policy's count
        if (batchHandler == null || batch.size() < 2 || (partition != null && attempts.containsKey(partition)) || !running) {
            return false;
        }
        try {
            batchHandler.handle(batch);
            return true;
        } catch (Exception e) {
            LOG.debugf("%s: a batch of %d records of %s failed together (%s); apart", name, batch.size(),
                    partition == null ? "the poll" : partition,
                    DeadLetters.reason(e));
            return false;
        }
    }

    /** Handles one record; {@code null} when it is done with (handled or dead-lettered), else how long to hold. */
    private Duration handle(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        try {
            handler.handle(record);
            attempts.remove(partition);
            return null;
        } catch (Exception e) {
            Failures.Kind kind = Failures.classify(e);
            Attempts previous = attempts.get(partition);
            int count = previous != null && previous.offset() == record.offset() ? previous.count() + 1 : 1;
            if (kind == Failures.Kind.TRANSIENT || (kind == Failures.Kind.UNKNOWN && count < settings.maxAttempts())) {
                attempts.put(partition, new Attempts(record.offset(), count));
                Duration hold = settings.backoff(count);
                LOG.warnf("%s: %s-%d@%d failed (%s, try %d): %s; again in %d ms", name, record.topic(), record.partition(),
                        record.offset(), kind, count, DeadLetters.reason(e), hold.toMillis());
                listener.retried(record.topic(), kind);
                return hold;
            }
            String reason = DeadLetters.reason(e);
            try {
                deadLetters.send(DeadLetters.of(record, reason, service, count));
            } catch (Exception sendFailure) {
                LOG.warnf("%s: dead-lettering %s-%d@%d failed (%s); again shortly", name, record.topic(), record.partition(),
                        record.offset(), DeadLetters.reason(sendFailure));
                attempts.put(partition, new Attempts(record.offset(), count - 1));
                return settings.maxBackoff();
            }
            attempts.remove(partition);
            listener.deadLettered(record.topic(), reason);
            LOG.errorf("%s: %s-%d@%d dead-lettered to %s after %d tries: %s", name, record.topic(), record.partition(),
                    record.offset(), record.topic() + ".dlq", count, reason);
            return null;
        }
    }

    /** Before partitions go, the batch in work is finished and its offsets committed, so the next owner starts after them. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (inWork != null) {
                try {
                    Map<TopicPartition, Outcome> outcomes = inWork.get(30, TimeUnit.SECONDS);
                    inWork = null;
                    finish(outcomes);
                } catch (TimeoutException e) {
                    LOG.warnf("%s: a batch still in work as partitions are revoked; its records may be handled again", name);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    inWork = null;
                }
            }
            partitions.forEach(attempts::remove);
            partitions.forEach(heldUntil::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    }

    private void closeConsumer() {
        if (inWork != null) {
            try {
                inWork.get(); // a new consumer must not read what this batch is still handling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // nothing was committed for it: read again
            }
            inWork = null;
        }
        heldUntil.clear();
        attempts.clear();
        synchronized (this) {
            if (consumer != null) {
                try {
                    consumer.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.debugf(e, "%s: closing the consumer", name);
                }
                consumer = null;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            running = false;
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        thread.join(10_000);
        worker.shutdownNow();
    }

    public boolean isAlive() {
        return thread.isAlive();
    }
}
