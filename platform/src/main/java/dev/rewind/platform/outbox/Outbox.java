package dev.rewind.platform.outbox;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.EventJson;
import dev.rewind.platform.messaging.EventPublisher;

/**
 * Writes events to be published in the caller's transaction, so that the state change and the
 * announcement of it commit or roll back together. {@link OutboxRelay} publishes after the commit.
 */
@ApplicationScoped
public class Outbox {
    private final EntityManager entityManager;
    private final EventPublisher publisher;
    private final OutboxRelay relay;
    private final TransactionSynchronizationRegistry transactions;

    public Outbox(EntityManager entityManager, EventPublisher publisher, OutboxRelay relay,
                  TransactionSynchronizationRegistry transactions) {
        this.entityManager = entityManager;
        this.publisher = publisher;
        this.relay = relay;
        this.transactions = transactions;
    }

    /**
     * An event larger than the contract's document limit (every consumer would refuse it) is written parked,
     * with the reason, and never sent: the state change still commits, and nothing behind it waits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(RewindEvent event) {
        ProducerRecord<String, byte[]> record = publisher.codec().toRecord(event);
        String tooLarge = record.value().length > EventJson.MAX_DOCUMENT_BYTES
                ? "the event is " + record.value().length + " bytes, over the contract's limit of " + EventJson.MAX_DOCUMENT_BYTES
                : null;
        int written = entityManager.createNativeQuery("""
                        insert into outbox (event_id, topic, record_key, payload, parked_at, park_reason)
                        values (?1, ?2, ?3, ?4, case when cast(?5 as text) is null then null else now() end, cast(?5 as text))
                        on conflict (event_id) do nothing""")
                .setParameter(1, event.eventId())
                .setParameter(2, record.topic())
                .setParameter(3, record.key())
                .setParameter(4, record.value())
                .setParameter(5, tooLarge)
                .executeUpdate();
        if (tooLarge != null) {
            if (written == 1) {
                relay.parkedAtEnqueue(event.eventId(), record.topic(), tooLarge);
            }
            return;
        }
        committedRecords().add(new OutboxRelay.Committed(event.eventId(), record));
    }

    /**
     * Publishes {@code event} again, under its own event id: consumers that had it drop it as a duplicate, one that
     * never got it (lost in an outage) takes it now. Its row, if still kept, is unstamped; else it is written anew.
     * A parked row stays parked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueueAgain(RewindEvent event) {
        ProducerRecord<String, byte[]> record = publisher.codec().toRecord(event);
        int written = entityManager.createNativeQuery("""
                        insert into outbox (event_id, topic, record_key, payload) values (?1, ?2, ?3, ?4)
                        on conflict (event_id) do update set published_at = null where outbox.parked_at is null""")
                .setParameter(1, event.eventId())
                .setParameter(2, record.topic())
                .setParameter(3, record.key())
                .setParameter(4, record.value())
                .executeUpdate();
        if (written == 1) {
            committedRecords().add(new OutboxRelay.Committed(event.eventId(), record));
        }
    }

    /**
     * The records this transaction wrote, handed to the relay the moment it commits, so it can publish
     * them without reading them back (the sweep still covers a crash in between).
     */
    @SuppressWarnings("unchecked")
    private List<OutboxRelay.Committed> committedRecords() {
        List<OutboxRelay.Committed> records = (List<OutboxRelay.Committed>) transactions.getResource(OutboxRelay.class);
        if (records != null) {
            return records;
        }
        List<OutboxRelay.Committed> fresh = new ArrayList<>();
        transactions.putResource(OutboxRelay.class, fresh);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.publishCommitted(fresh);
                }
            }
        });
        return fresh;
    }
}
