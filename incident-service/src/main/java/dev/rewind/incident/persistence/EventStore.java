package dev.rewind.incident.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.events.EventType;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.EventJson;

/**
 * The append-only event store in PostgreSQL. Appends carry the version the writer saw: a concurrent
 * append to the same stream violates the (stream, version) key and becomes a
 * {@link ConcurrentAppendException}, never a lost or interleaved write.
 */
@ApplicationScoped
public class EventStore {
    private static final String SELECT = "select position, stream_version, type, event_id, stream_id, occurred_at, data::text, source, recorded_at from event_store ";

    private final EntityManager entityManager;

    public EventStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(UUID streamId, int expectedVersion, List<? extends RewindEvent> events, String source) {
        int version = expectedVersion;
        try {
            for (RewindEvent event : events) {
                version++;
                entityManager.createNativeQuery("""
                                insert into event_store (event_id, stream_id, stream_version, type, source, occurred_at, data)
                                values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as jsonb))""")
                        .setParameter(1, event.eventId())
                        .setParameter(2, streamId)
                        .setParameter(3, version)
                        .setParameter(4, event.type().wireName())
                        .setParameter(5, source)
                        .setParameter(6, event.occurredAt())
                        .setParameter(7, EventJson.MAPPER.writeValueAsString(CloudEventCodec.dataOf(event)))
                        .executeUpdate();
            }
            entityManager.flush();
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException || e.getCause() instanceof ConstraintViolationException) {
                throw new ConcurrentAppendException("stream " + streamId + " moved past version " + expectedVersion, e);
            }
            throw e;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<StoredEvent> load(UUID streamId) {
        return read(SELECT + "where stream_id = ?1 order by stream_version", streamId, null, Integer.MAX_VALUE);
    }

    /** The stream after a global position (exclusive), in order, at most {@code limit} events. */
    public List<StoredEvent> loadAfter(UUID streamId, long afterPosition, int limit) {
        return read(SELECT + "where stream_id = ?1 and position > ?2 order by position limit ?3", streamId, afterPosition, limit);
    }

    public boolean contains(UUID eventId) {
        return !entityManager.createNativeQuery("select 1 from event_store where event_id = ?1")
                .setParameter(1, eventId).getResultList().isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<StoredEvent> read(String sql, UUID streamId, Long after, int limit) {
        var query = entityManager.createNativeQuery(sql).setParameter(1, streamId);
        if (after != null) {
            query.setParameter(2, after).setParameter(3, limit);
        }
        List<Object[]> rows = query.getResultList();
        List<StoredEvent> events = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            EventType type = EventType.fromWireName((String) row[2])
                    .orElseThrow(() -> new IllegalStateException("unknown type in the event store: " + row[2]));
            ObjectNode data = EventJson.parseObject(((String) row[6]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            RewindEvent event = CloudEventCodec.fromStored(type, (UUID) row[3], (UUID) row[4], instant(row[5]), data);
            events.add(new StoredEvent(((Number) row[0]).longValue(), ((Number) row[1]).intValue(), event, (String) row[7],
                    instant(row[8])));
        }
        return events;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
