package dev.rewind.notifier.application;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.events.Channel;
import dev.rewind.notifier.channels.DeliveryFailure;
import dev.rewind.notifier.channels.Sender;
import dev.rewind.notifier.delivery.Deliveries;
import dev.rewind.notifier.delivery.DeliveryRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends what is due: leases due deliveries from the log, hands each to its channel's sender on a small
 * worker pool, and records the outcome. Woken at once when deliveries are planned; otherwise it looks
 * every second, which also picks up retries and whatever a crash left in flight once its lease ends.
 */
@ApplicationScoped
public class DeliveryDispatcher {
    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final int BATCH = 20;

    private final Deliveries deliveries;
    private final DeliveryOutcomes outcomes;
    private final Map<Channel, Sender> senders = new EnumMap<>(Channel.class);
    private final Duration lease;
    private final Duration firstLease;
    private final int workerCount;
    private final Semaphore wake = new Semaphore(0);
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private ExecutorService workers;
    private Thread loop;

    public DeliveryDispatcher(Deliveries deliveries, DeliveryOutcomes outcomes, Instance<Sender> senders,
                              @ConfigProperty(name = "rewind.notifier.lease") Duration lease,
                              @ConfigProperty(name = "rewind.notifier.first-attempt-lease", defaultValue = "PT30S") Duration firstLease,
                              @ConfigProperty(name = "rewind.notifier.workers") int workerCount) {
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        senders.forEach(sender -> this.senders.put(sender.channel(), sender));
        this.lease = lease;
        this.firstLease = firstLease;
        this.workerCount = workerCount;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        workers = Executors.newFixedThreadPool(workerCount, runnable -> {
            Thread thread = new Thread(runnable, "notifier-delivery");
            thread.setDaemon(true);
            return thread;
        });
        loop = new Thread(this::run, "notifier-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        wake.release();
        if (loop != null) {
            loop.join(5_000);
        }
        if (workers != null) {
            workers.shutdown();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    public void wake() {
        wake.release();
    }

    private void run() {
        while (running) {
            try {
                // at most two queued per worker: a first attempt planned meanwhile is claimed before the backlog's next retries
                int room = Math.min(BATCH, workerCount * 2 - inFlight.size());
                List<String> due = room <= 0 ? List.of() : deliveries.claimDue(room, firstLease, lease);
                for (String key : due) {
                    if (inFlight.add(key)) {
                        workers.submit(() -> deliver(key));
                    }
                }
                if (due.size() < BATCH) {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("dispatcher: %s; trying again in a second", e.getMessage());
                sleepQuietly();
            }
        }
    }

    private void deliver(String key) {
        try {
            DeliveryRecord delivery = QuarkusTransaction.requiringNew().call(() -> DeliveryRecord.<DeliveryRecord>findById(key));
            if (delivery == null || !DeliveryRecord.Status.PENDING.name().equals(delivery.status)) {
                return;
            }
            Instant started = Instant.now();
            long start = System.nanoTime();
            Optional<DeliveryFailure> failure = Optional.empty();
            try {
                Sender sender = senders.get(Channel.valueOf(delivery.channel));
                if (sender == null) {
                    throw DeliveryFailure.permanent("no sender for channel " + delivery.channel);
                }
                sender.send(delivery);
            } catch (DeliveryFailure e) {
                failure = Optional.of(e);
            } catch (RuntimeException e) {
                failure = Optional.of(DeliveryFailure.transientFailure(e.toString(), null));
            }
            outcomes.record(key, started, Duration.ofNanos(System.nanoTime() - start), failure); // a fallback it plans: the wake below
        } catch (RuntimeException e) {
            LOG.warnf("delivery %s: %s; it is retried when its lease ends", key, e.getMessage());
        } finally {
            inFlight.remove(key);
            wake(); // room for the next one
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
