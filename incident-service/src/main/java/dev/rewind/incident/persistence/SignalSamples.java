package dev.rewind.incident.persistence;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import dev.rewind.events.Sample;
import dev.rewind.events.Signal;
import dev.rewind.incident.domain.Condition;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.MetricActivity;
import dev.rewind.incident.domain.TierRule;
import dev.rewind.platform.retention.RetentionRule;

/**
 * Signal history per deployment and metric, kept in PostgreSQL so sustained windows survive restarts. Every path
 * that records samples first {@link #claim claims} the deployment's row in {@code signal_deployment}: that row lock
 * serializes the deployment's signal handling across threads and instances, and its count of samples tells an
 * instance whether the history it keeps in memory is still whole.
 */
@ApplicationScoped
public class SignalSamples {
    /** A sample to record: its signal and the incident it fed, if any. */
    public record Recorded(Signal signal, UUID incidentId) {
    }

    private final EntityManager entityManager;

    /** Samples are kept for analysis well past any window (a window is minutes; the admission bound an hour). */
    @Produces
    @Singleton
    static RetentionRule samplesKept(@ConfigProperty(name = "rewind.retention.signal-samples", defaultValue = "P7D") Duration keep) {
        return new RetentionRule("signal_sample", "received_at", "", keep, "rewind.retention.signal-samples");
    }

    public SignalSamples(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Locks the deployment until the transaction ends and counts {@code samples} more; returns the new count. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long claim(String deployment, int samples) {
        return claimAll(Map.of(deployment, samples)).get(deployment);
    }

    /** {@link #claim} for several deployments in one statement, locking them in name order (no deadlock). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Long> claimAll(Map<String, Integer> samplesByDeployment) {
        Map<String, Long> counts = new HashMap<>();
        TreeMap<String, Integer> ordered = new TreeMap<>(samplesByDeployment);
        entityManager.unwrap(Session.class).doWork(connection -> {
            Array names = connection.createArrayOf("text", ordered.keySet().toArray());
            Array added = connection.createArrayOf("bigint", ordered.values().stream().map(Integer::longValue).toArray());
            try (PreparedStatement claim = connection.prepareStatement("""
                    insert into signal_deployment (deployment, samples)
                    select deployment, samples from unnest(?, ?) as claimed(deployment, samples) order by deployment
                    on conflict (deployment) do update set samples = signal_deployment.samples + excluded.samples
                    returning deployment, samples""")) {
                claim.setArray(1, names);
                claim.setArray(2, added);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                }
            } finally {
                names.free();
                added.free();
            }
        });
        return counts;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Signal signal, UUID incidentId) {
        recordAll(List.of(new Recorded(signal, incidentId)));
    }

    /** Appends samples in one JDBC batch, in the order given (which is the order of their ids). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<Recorded> samples) {
        if (samples.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into signal_sample (deployment, metric, value, observed_at, incident_id)
                    values (?, ?, ?, ?, ?)""")) {
                for (Recorded recorded : samples) {
                    Signal signal = recorded.signal();
                    insert.setString(1, signal.deployment());
                    insert.setString(2, signal.metric());
                    insert.setDouble(3, signal.value());
                    insert.setObject(4, signal.observedAt().atOffset(ZoneOffset.UTC));
                    insert.setObject(5, recorded.incidentId());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /**
     * Samples of the metric observed from {@code from} on, the {@link DeploymentPolicy#MAX_HISTORY} newest (at one
     * instant, the later recorded first).
     */
    @SuppressWarnings("unchecked")
    public List<Sample> history(String deployment, String metric, Instant from) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select value, observed_at from signal_sample
                        where deployment = ?1 and metric = ?2 and observed_at >= ?3
                        order by observed_at desc, id desc limit ?4""")
                .setParameter(1, deployment)
                .setParameter(2, metric)
                .setParameter(3, from)
                .setParameter(4, DeploymentPolicy.MAX_HISTORY)
                .getResultList();
        List<Sample> samples = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            samples.add(new Sample(((Number) row[0]).doubleValue(), instant(row[1])));
        }
        return samples;
    }

    /**
     * Every metric's history of each deployment from {@code from} on, as {@link #history} ranks it, oldest first:
     * deployment, then metric, then samples. One query (with {@code = any}, which PostgreSQL's generic plan still
     * answers from the index; a join on an unnested array became a scan of the whole table).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Map<String, List<Sample>>> histories(Collection<String> deployments, Instant from) {
        Map<String, Map<String, List<Sample>>> histories = new LinkedHashMap<>();
        deployments.forEach(deployment -> histories.put(deployment, new HashMap<>()));
        entityManager.unwrap(Session.class).doWork(connection -> {
            Array names = connection.createArrayOf("text", deployments.toArray());
            try (PreparedStatement select = connection.prepareStatement("""
                    select deployment, metric, value, observed_at from (
                        select deployment, metric, value, observed_at, id,
                               row_number() over (partition by deployment, metric order by observed_at desc, id desc) as rank
                        from signal_sample where deployment = any(?) and observed_at >= ?
                    ) ranked
                    where rank <= ?
                    order by deployment, metric, observed_at, id desc""")) {
                select.setArray(1, names);
                select.setObject(2, from.atOffset(ZoneOffset.UTC));
                select.setInt(3, DeploymentPolicy.MAX_HISTORY);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        histories.get(rows.getString(1)).computeIfAbsent(rows.getString(2), metric -> new ArrayList<>())
                                .add(new Sample(rows.getDouble(3), rows.getObject(4, OffsetDateTime.class).toInstant()));
                    }
                }
            } finally {
                names.free();
            }
        });
        return histories;
    }

    /**
     * What each metric the rules name did on the deployment since {@code from}: its samples and the newest that met any
     * of the rules (their conditions evaluated in SQL, so a day of samples is not read into memory).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, MetricActivity> activity(String deployment, Instant from, List<TierRule> rules) {
        StringBuilder breach = new StringBuilder("false");
        for (TierRule rule : rules) {
            breach.append(" or (metric = ? and ").append(predicate(rule.condition())).append(')');
        }
        Map<String, MetricActivity> activity = new HashMap<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select metric, count(*), max(observed_at) filter (where "
                    + breach + ") from signal_sample where deployment = ? and metric = any(?) and observed_at >= ? group by metric")) {
                int parameter = 1;
                for (TierRule rule : rules) {
                    select.setString(parameter++, rule.metric());
                    select.setDouble(parameter++, rule.condition().threshold());
                    if (rule.condition().operator() == Condition.Operator.BETWEEN) {
                        select.setDouble(parameter++, rule.condition().upper());
                    }
                }
                select.setString(parameter++, deployment);
                // only the rules' metrics, each a range of the (deployment, metric, observed_at) index, not all the deployment's samples
                select.setArray(parameter++, connection.createArrayOf("text", rules.stream().map(TierRule::metric).distinct().toArray()));
                select.setObject(parameter, from.atOffset(ZoneOffset.UTC));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        OffsetDateTime lastBreach = rows.getObject(3, OffsetDateTime.class);
                        activity.put(rows.getString(1), new MetricActivity(rows.getLong(2),
                                lastBreach == null ? null : lastBreach.toInstant()));
                    }
                }
            }
        });
        return activity;
    }

    private static String predicate(Condition condition) {
        return switch (condition.operator()) {
            case GREATER -> "value > ?";
            case AT_LEAST -> "value >= ?";
            case LESS -> "value < ?";
            case AT_MOST -> "value <= ?";
            case EQUAL -> "value = ?";
            case BETWEEN -> "value between ? and ?";
        };
    }

    private static Instant instant(Object time) {
        return time instanceof Instant i ? i
                : time instanceof OffsetDateTime o ? o.toInstant() : ((Timestamp) time).toInstant();
    }
}
