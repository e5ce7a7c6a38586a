package dev.rewind.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.rewind.events.Channel;
import dev.rewind.notifier.routing.PlannedDelivery;

/** The delivery log: what is due, what is in flight, who has an open page. */
@ApplicationScoped
public class Deliveries {
    private final EntityManager entityManager;

    public Deliveries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Records a planned delivery; {@code false} when the same key was already planned (a replayed event). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean plan(DeliveryRecord delivery) {
        return entityManager.createNativeQuery("""
                        insert into delivery (delivery_key, incident_id, source_event_id, event_type, recipient, channel, address,
                                              pager_action, subject, body, calendar, fallbacks, status, attempts, next_attempt_at, created_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?13, ?11, 'PENDING', 0, ?12, ?12)
                        on conflict (delivery_key) do nothing""")
                .setParameter(1, delivery.key)
                .setParameter(2, delivery.incidentId)
                .setParameter(3, delivery.sourceEventId)
                .setParameter(4, delivery.eventType)
                .setParameter(5, delivery.recipient)
                .setParameter(6, delivery.channel)
                .setParameter(7, delivery.address)
                .setParameter(8, delivery.pagerAction)
                .setParameter(9, delivery.subject)
                .setParameter(10, delivery.body)
                .setParameter(11, delivery.fallbacks)
                .setParameter(12, delivery.createdAt)
                .setParameter(13, delivery.calendar)
                .executeUpdate() == 1;
    }

    /**
     * Leases due deliveries to this instance: their next attempt moves a lease ahead, so another
     * instance (or this one after a crash) takes them only if the lease runs out unfinished. First
     * attempts go before retries: a backlog of retries to an endpoint that is down must not hold back
     * the page of a new incident. A first attempt's lease is short ({@code firstLease}), so a crash delays
     * a page or a first message by seconds; a retry's is long.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public List<String> claimDue(int limit, Duration firstLease, Duration lease) {
        return entityManager.createNativeQuery("""
                        update delivery set next_attempt_at = now()
                            + make_interval(secs => case when attempts = 0 then ?3 else ?2 end)
                        where delivery_key in (select delivery_key from delivery
                                               where status = 'PENDING' and next_attempt_at <= now()
                                               order by attempts, next_attempt_at limit ?1 for update skip locked)
                        returning delivery_key""")
                .setParameter(1, limit)
                .setParameter(2, (double) lease.toSeconds())
                .setParameter(3, (double) firstLease.toSeconds())
                .getResultList();
    }

    /** The people whose page for this incident has been triggered and not resolved since. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> openPages(UUID incidentId) {
        List<DeliveryRecord> pages = DeliveryRecord.list(
                "incidentId = ?1 and channel = ?2 and status <> 'FAILED' order by createdAt", incidentId, Channel.PAGER.name());
        Set<String> open = new HashSet<>();
        for (DeliveryRecord page : pages) {
            if (PlannedDelivery.PagerAction.RESOLVE.name().equals(page.pagerAction)) {
                open.remove(page.recipient);
            } else if (PlannedDelivery.PagerAction.TRIGGER.name().equals(page.pagerAction)) {
                open.add(page.recipient);
            }
        }
        return open;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAttempt(DeliveryRecord delivery, Instant startedAt, Duration took, String outcome, String detail) {
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.deliveryKey = delivery.key;
        attempt.attempt = delivery.attempts;
        attempt.startedAt = startedAt;
        attempt.durationMs = took.toMillis();
        attempt.outcome = outcome;
        attempt.detail = detail;
        attempt.persist();
    }
}
