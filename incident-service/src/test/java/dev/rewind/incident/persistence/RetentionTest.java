package dev.rewind.incident.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.rewind.platform.retention.RetentionJob;
import dev.rewind.testing.LocalInfra;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention job, on the real tables, in chunks smaller than the backlog: old samples, published outbox rows and
 * processed-event marks go; recent ones, unpublished and parked outbox rows stay.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfra.class)
class RetentionTest {
    @Inject
    RetentionJob retention;

    @Inject
    EntityManager entityManager;

    @Test
    void old_rows_go_in_chunks_and_what_is_recent_unpublished_or_parked_stays() {
        String deployment = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        UUID oldMark = UUID.randomUUID();
        UUID newMark = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 25; i++) {
                sql("insert into signal_sample (deployment, metric, value, observed_at, received_at) values (?1, 'users_blocked', 0, now(), now() - interval '8 days')", deployment);
            }
            sql("insert into signal_sample (deployment, metric, value, observed_at) values (?1, 'users_blocked', 1, now())", deployment);
            outbox(deployment + "-published-old", "now() - interval '8 days'", "null");
            outbox(deployment + "-published-new", "now()", "null");
            outbox(deployment + "-unpublished-old", "null", "null");
            outbox(deployment + "-parked-old", "null", "now() - interval '8 days'");
            sql("insert into processed_event (handler, event_id, processed_at) values ('retention-test', ?1, now() - interval '15 days')", oldMark);
            sql("insert into processed_event (handler, event_id) values ('retention-test', ?1)", newMark);
        });

        var deleted = retention.run(Instant.now());

        assertThat(deleted.get("signal_sample")).isGreaterThanOrEqualTo(25);
        assertThat(count("select count(*) from signal_sample where deployment = ?1", deployment)).isEqualTo(1);
        assertThat(count("select count(*) from outbox where record_key like ?1", deployment + "-%")).isEqualTo(3);
        assertThat(count("select count(*) from outbox where record_key = ?1", deployment + "-published-old")).isZero();
        assertThat(count("select count(*) from processed_event where event_id = ?1", oldMark)).isZero();
        assertThat(count("select count(*) from processed_event where event_id = ?1", newMark)).isEqualTo(1);
    }

    private void outbox(String key, String publishedAt, String parkedAt) {
        sql("insert into outbox (event_id, topic, record_key, payload, created_at, published_at, parked_at) values (?1, 'rewind.incidents', ?2, ''::bytea, now() - interval '8 days', "
                + publishedAt + ", " + parkedAt + ")", UUID.randomUUID(), key);
    }

    private void sql(String statement, Object... parameters) {
        var query = entityManager.createNativeQuery(statement);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        query.executeUpdate();
    }

    private long count(String statement, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(statement)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }
}
