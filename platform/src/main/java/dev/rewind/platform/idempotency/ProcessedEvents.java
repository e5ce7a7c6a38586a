package dev.rewind.platform.idempotency;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The processed-event table: an event's effect and its "seen" mark commit together. */
@ApplicationScoped
public class ProcessedEvents {
    private final EntityManager entityManager;

    public ProcessedEvents(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Marks the event as processed by the handler; {@code false} when it already was (a redelivery). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String handler, UUID eventId) {
        return entityManager.createNativeQuery("""
                        insert into processed_event (handler, event_id) values (?1, ?2)
                        on conflict do nothing""")
                .setParameter(1, handler)
                .setParameter(2, eventId)
                .executeUpdate() == 1;
    }
}
