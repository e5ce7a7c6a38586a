package dev.rewind.incident.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
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

    /** One event to append: its stream, the version it takes there, where it came from. */
    public record Row(UUID streamId, int streamVersion, RewindEvent event, String source) {
    }

    /** Appends {@code events} after {@code expectedVersion}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(UUID streamId, int expectedVersion, List<? extends RewindEvent> events, String source) {
        List<Row> rows = new ArrayList<>(events.size());
        for (RewindEvent event : events) {
            rows.add(new Row(streamId, expectedVersion + rows.size() + 1, event, source));
        }
        insert(rows);
    }

    /**
     * Appends rows of any streams in one JDBC batch (one round trip, not one per event). A version or an event id
     * someone else took first fails them all with a {@link ConcurrentAppendException}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> data = new ArrayList<>(rows.size());
        try {
            for (Row row : rows) {
                data.add(EventJson.MAPPER.writeValueAsString(CloudEventCodec.dataOf(row.event())));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String streams = rows.stream().map(r -> r.streamId().toString()).distinct().collect(java.util.stream.Collectors.joining(", "));
        try {
            entityManager.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("""
                        insert into event_store (event_id, stream_id, stream_version, type, source, occurred_at, data)
                        values (?, ?, ?, ?, ?, ?, cast(? as jsonb))""")) {
                    for (int i = 0; i < rows.size(); i++) {
                        Row row = rows.get(i);
                        insert.setObject(1, row.event().eventId());
                        insert.setObject(2, row.streamId());
                        insert.setInt(3, row.streamVersion());
                        insert.setString(4, row.event().type().wireName());
                        insert.setString(5, row.source());
                        insert.setObject(6, row.event().occurredAt().atOffset(ZoneOffset.UTC));
                        insert.setString(7, data.get(i));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                } catch (SQLException e) {
                    if (isUniqueViolation(e)) {
                        throw new ConcurrentAppendException("a stream of " + streams + " moved on meanwhile", e);
                    }
                    throw e;
                }
            });
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException || e.getCause() instanceof ConstraintViolationException) {
                throw new ConcurrentAppendException("a stream of " + streams + " moved on meanwhile", e);
            }
            throw e;
        }
    }

    /** The (stream, version) or event-id key taken by someone else; a batch reports it on a chained exception. */
    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public List<StoredEvent> load(UUID streamId) {
        return read(SELECT + "where stream_id = ?1 order by stream_version", streamId, null, Integer.MAX_VALUE);
    }

    /** The stream after a global position (exclusive), in order, at most {@code limit} events. */
    public List<StoredEvent> loadAfter(UUID streamId, long afterPosition, int limit) {
        return read(SELECT + "where stream_id = ?1 and position > ?2 order by position limit ?3", streamId, afterPosition, limit);
    }

    /** The stream after a version (exclusive), in order. */
    public List<StoredEvent> loadAfterVersion(UUID streamId, int afterVersion) {
        return read(SELECT + "where stream_id = ?1 and stream_version > ?2 order by stream_version limit ?3", streamId,
                (long) afterVersion, Integer.MAX_VALUE);
    }

    /** Each stream's current version, in one query; a stream with no events is absent. */
    @SuppressWarnings("unchecked")
    public Map<UUID, Integer> versions(Collection<UUID> streamIds) {
        Map<UUID, Integer> versions = new HashMap<>();
        if (streamIds.isEmpty()) {
            return versions;
        }
        List<Object[]> rows = entityManager.createNativeQuery(
                        "select stream_id, max(stream_version) from event_store where stream_id in (:ids) group by stream_id")
                .setParameter("ids", List.copyOf(streamIds)).getResultList();
        for (Object[] row : rows) {
            versions.put((UUID) row[0], ((Number) row[1]).intValue());
        }
        return versions;
    }

    /** Which of {@code eventIds} the store already holds, in one query. */
    @SuppressWarnings("unchecked")
    public Set<UUID> containing(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(entityManager.createNativeQuery("select event_id from event_store where event_id in (:ids)", UUID.class)
                .setParameter("ids", List.copyOf(eventIds)).getResultList());
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
