package dev.rewind.platform.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One consumer thread: poll, hand each record to the handler in order, commit what is done. A handler
 * failure rewinds to the failed record and retries with exponential backoff (capped), so a database
 * outage delays events but never skips them.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventLoop.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String name;
    private final Supplier<KafkaConsumer<String, byte[]>> consumers;
    private KafkaConsumer<String, byte[]> consumer;
    private final Collection<String> topics;
    private final RecordHandler handler;
    private final Duration pollTimeout;
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code consumers} makes the loop's consumer, on the loop's own thread: start-up does not wait for it. */
    public EventLoop(String name, Supplier<KafkaConsumer<String, byte[]>> consumers, Collection<String> topics,
                     RecordHandler handler, Duration pollTimeout) {
        this.name = name;
        this.consumers = consumers;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.pollTimeout = pollTimeout;
        this.thread = new Thread(this::run, "event-loop-" + name);
        this.thread.setDaemon(true);
    }

    public EventLoop start() {
        thread.start();
        return this;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        try {
            synchronized (this) {
                if (!running) {
                    return;
                }
                consumer = consumers.get();
            }
            consumer.subscribe(topics);
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                boolean failed = false;
                for (ConsumerRecord<String, byte[]> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (failed) {
                        break;
                    }
                    try {
                        handler.handle(record);
                        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    } catch (Exception e) {
                        failed = true;
                        LOG.warnf(e, "%s: handling %s-%d@%d failed; retrying in %d ms", name, record.topic(),
                                record.partition(), record.offset(), backoff.toMillis());
                        rewind(records, done);
                    }
                }
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                }
                if (failed) {
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                } else {
                    backoff = Duration.ofMillis(100);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.errorf(e, "%s: unexpected wakeup", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: event loop stopped", name);
        } finally {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Every partition of the batch goes back to its first unfinished record. */
    private void rewind(ConsumerRecords<String, byte[]> records, Map<TopicPartition, OffsetAndMetadata> done) {
        for (TopicPartition partition : records.partitions()) {
            OffsetAndMetadata finished = done.get(partition);
            long next = finished != null ? finished.offset() : records.records(partition).get(0).offset();
            consumer.seek(partition, next);
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
    }

    public boolean isAlive() {
        return thread.isAlive();
    }
}
