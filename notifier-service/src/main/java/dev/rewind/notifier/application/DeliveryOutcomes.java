package dev.rewind.notifier.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.rewind.events.Channel;
import dev.rewind.events.NotificationEvent.NotificationDelivered;
import dev.rewind.events.NotificationEvent.NotificationFailed;
import dev.rewind.notifier.channels.DeliveryFailure;
import dev.rewind.notifier.contacts.Contacts;
import dev.rewind.notifier.contacts.Person;
import dev.rewind.notifier.delivery.Deliveries;
import dev.rewind.notifier.delivery.DeliveryRecord;
import dev.rewind.notifier.routing.PlannedDelivery.PagerAction;
import dev.rewind.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Records what an attempt came to. Delivered: {@code notification.delivered}. Transient failure: the
 * next attempt is scheduled after the server's {@code Retry-After} or an exponential backoff with
 * jitter. Permanent failure, or the last attempt: {@code notification.failed}, and the message goes to
 * the person's next channel.
 */
@ApplicationScoped
public class DeliveryOutcomes {
    private static final Logger LOG = Logger.getLogger(DeliveryOutcomes.class);

    private final Deliveries deliveries;
    private final Outbox outbox;
    private final Contacts contacts;
    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration maxRetryAfter;

    public DeliveryOutcomes(Deliveries deliveries, Outbox outbox, Contacts contacts,
                            @ConfigProperty(name = "rewind.notifier.retry.max-attempts") int maxAttempts,
                            @ConfigProperty(name = "rewind.notifier.retry.initial-delay") Duration initialDelay,
                            @ConfigProperty(name = "rewind.notifier.retry.max-delay") Duration maxDelay,
                            @ConfigProperty(name = "rewind.notifier.retry.max-retry-after") Duration maxRetryAfter) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.contacts = contacts;
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** @return true when a fallback delivery was planned and the dispatcher should look again */
    public boolean record(String key, Instant startedAt, Duration took, Optional<DeliveryFailure> failure) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DeliveryRecord delivery = DeliveryRecord.findById(key);
            if (delivery == null || !DeliveryRecord.Status.PENDING.name().equals(delivery.status)) {
                return false;
            }
            delivery.attempts++;
            Instant now = Instant.now();
            if (failure.isEmpty()) {
                delivered(delivery, startedAt, took, now);
                return false;
            }
            DeliveryFailure cause = failure.get();
            if (!cause.isPermanent() && delivery.attempts < maxAttempts) {
                Duration wait = delay(delivery.attempts, cause.retryAfter());
                delivery.nextAttemptAt = now.plus(wait);
                delivery.lastError = cause.getMessage();
                deliveries.recordAttempt(delivery, startedAt, took, "RETRY", cause.getMessage() + "; next try in " + wait.toMillis() + " ms");
                return false;
            }
            return failed(delivery, startedAt, took, now, cause);
        });
    }

    private void delivered(DeliveryRecord delivery, Instant startedAt, Duration took, Instant now) {
        delivery.status = DeliveryRecord.Status.DELIVERED.name();
        delivery.finishedAt = now;
        delivery.lastError = null;
        deliveries.recordAttempt(delivery, startedAt, took, "DELIVERED", null);
        outbox.enqueue(new NotificationDelivered(UUID.randomUUID(), delivery.incidentId, now, delivery.sourceEventId,
                Channel.valueOf(delivery.channel), delivery.recipient, delivery.subject, delivery.attempts));
    }

    private boolean failed(DeliveryRecord delivery, Instant startedAt, Duration took, Instant now, DeliveryFailure cause) {
        String reason = (cause.isPermanent() ? "" : "gave up after " + delivery.attempts + " attempts: ") + cause.getMessage();
        delivery.status = DeliveryRecord.Status.FAILED.name();
        delivery.finishedAt = now;
        delivery.lastError = reason;
        deliveries.recordAttempt(delivery, startedAt, took, "FAILED", reason);
        outbox.enqueue(new NotificationFailed(UUID.randomUUID(), delivery.incidentId, now, delivery.sourceEventId,
                Channel.valueOf(delivery.channel), delivery.recipient, reason, delivery.attempts));
        LOG.warnf("%s to %s failed for good: %s", delivery.channel, delivery.recipient, reason);
        return fallBack(delivery, now);
    }

    private boolean fallBack(DeliveryRecord failed, Instant now) {
        List<Channel> remaining = new ArrayList<>(failed.fallbackChannels());
        Optional<Person> person = contacts.people().stream().filter(p -> p.name().equals(failed.recipient)).findFirst();
        if (remaining.isEmpty() || person.isEmpty()) {
            return false;
        }
        Channel next = remaining.remove(0);
        DeliveryRecord fallback = failed.sameMessage().via(next, person.get().address(next, contacts.channels()),
                next == Channel.PAGER ? PagerAction.TRIGGER : null, remaining, now);
        LOG.infof("falling back to %s for %s", next, failed.recipient);
        return deliveries.plan(fallback);
    }

    /** The server's Retry-After when it gave one (capped), else exponential backoff with ±20 % jitter. */
    Duration delay(int attempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
        }
        long base = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(attempt - 1, 20));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (base * jitter)));
    }
}
