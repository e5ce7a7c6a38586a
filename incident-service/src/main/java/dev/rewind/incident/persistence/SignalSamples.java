package dev.rewind.incident.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.rewind.events.Sample;
import dev.rewind.events.Signal;

/** Signal history per deployment and metric, kept in PostgreSQL so sustained windows survive restarts. */
@ApplicationScoped
public class SignalSamples {
    private static final int MAX_HISTORY = 2000;

    private final EntityManager entityManager;

    public SignalSamples(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Serializes all signal handling of one deployment until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockDeployment(String deployment) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))").setParameter(1, deployment).getSingleResult();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Signal signal, UUID incidentId) {
        entityManager.createNativeQuery("""
                        insert into signal_sample (deployment, metric, value, observed_at, incident_id)
                        values (?1, ?2, ?3, ?4, ?5)""")
                .setParameter(1, signal.deployment())
                .setParameter(2, signal.metric())
                .setParameter(3, signal.value())
                .setParameter(4, signal.observedAt())
                .setParameter(5, incidentId)
                .executeUpdate();
    }

    /** Samples of the metric observed within {@code lookback} before the newest one (plus that one). */
    @SuppressWarnings("unchecked")
    public List<Sample> history(String deployment, String metric, Instant newest, Duration lookback) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select value, observed_at from signal_sample
                        where deployment = ?1 and metric = ?2 and observed_at >= ?3
                        order by observed_at desc limit ?4""")
                .setParameter(1, deployment)
                .setParameter(2, metric)
                .setParameter(3, newest.minus(lookback))
                .setParameter(4, MAX_HISTORY)
                .getResultList();
        List<Sample> samples = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object time = row[1];
            Instant observed = time instanceof Instant i ? i
                    : time instanceof java.time.OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) time).toInstant();
            samples.add(new Sample(((Number) row[0]).doubleValue(), observed));
        }
        return samples;
    }
}
