package dev.rewind.platform.idempotency;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

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

    /** Marks several events in one statement; returns those that had not been processed yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstTimes(String handler, Collection<UUID> eventIds) {
        Set<UUID> first = new HashSet<>();
        if (eventIds.isEmpty()) {
            return first;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            Array ids = connection.createArrayOf("uuid", eventIds.toArray());
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into processed_event (handler, event_id) select ?, id from unnest(?) as ids(id)
                    on conflict do nothing returning event_id""")) {
                insert.setString(1, handler);
                insert.setArray(2, ids);
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        first.add(rows.getObject(1, UUID.class));
                    }
                }
            } finally {
                ids.free();
            }
        });
        return first;
    }
}
