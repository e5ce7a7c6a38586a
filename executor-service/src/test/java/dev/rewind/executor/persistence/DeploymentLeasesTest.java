package dev.rewind.executor.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.rewind.testing.LocalInfra;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease against real PostgreSQL, with a second executor instance played by a row it would have written. */
@QuarkusTest
@QuarkusTestResource(LocalInfra.class)
@TestProfile(DeploymentLeasesTest.NoResumption.class)
class DeploymentLeasesTest {
    /** The rows below name deployments no one configured: the periodic resumption must not end them mid-test. */
    public static class NoResumption implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("quarkus.scheduler.enabled", "false");
        }
    }

    @Inject
    DeploymentLeases leases;
    @Inject
    EntityManager entityManager;

    private UUID rollback(String deployment, RollbackRecord.Status status) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            RollbackRecord record = new RollbackRecord();
            record.incidentId = id;
            record.deployment = deployment;
            record.fromVersion = "2.0.0";
            record.authorizedBy = "test";
            record.status = status;
            record.authorizedAt = Instant.now();
            record.createdAt = Instant.now();
            record.updatedAt = Instant.now();
            record.stamp = "20261202-000000";
            record.persist();
        });
        return id;
    }

    private void heldByAnotherInstance(String deployment, UUID incident, String expiresIn) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "insert into deployment_lease values (?1, 'other-host/1/x', ?2, now() + cast(?3 as interval))")
                .setParameter(1, deployment).setParameter(2, incident).setParameter(3, expiresIn).executeUpdate());
    }

    @Test
    void one_rollback_holds_a_deployment_until_it_ends_and_others_wait() {
        String deployment = "lease-" + UUID.randomUUID().toString().substring(0, 8);
        UUID first = rollback(deployment, RollbackRecord.Status.EXECUTING);
        UUID second = rollback(deployment, RollbackRecord.Status.AUTHORIZED);

        assertThat(leases.hold(deployment, first)).isTrue();
        assertThat(leases.hold(deployment, first)).as("kept by its holder").isTrue();
        assertThat(leases.hold(deployment, second)).as("one rollback of a deployment at a time").isFalse();
        assertThat(leases.hold("other-" + deployment, second)).as("other deployments in parallel").isTrue();

        leases.release(first);
        assertThat(leases.hold(deployment, second)).isTrue();
    }

    @Test
    void another_live_instance_keeps_its_deployment_and_a_dead_ones_lease_lapses() {
        String live = "lease-" + UUID.randomUUID().toString().substring(0, 8);
        String dead = "lease-" + UUID.randomUUID().toString().substring(0, 8);
        UUID running = rollback(live, RollbackRecord.Status.EXECUTING);
        UUID orphaned = rollback(dead, RollbackRecord.Status.EXECUTING);
        heldByAnotherInstance(live, running, "30 seconds");
        heldByAnotherInstance(dead, orphaned, "-1 seconds");

        assertThat(leases.hold(live, running)).as("never the same rollback in two instances").isFalse();
        assertThat(leases.hold(dead, orphaned)).as("a dead instance's rollback is taken over").isTrue();
    }

    @Test
    void a_lease_whose_rollback_ended_is_free() {
        String deployment = "lease-" + UUID.randomUUID().toString().substring(0, 8);
        UUID ended = rollback(deployment, RollbackRecord.Status.FAILED);
        heldByAnotherInstance(deployment, ended, "30 seconds");

        assertThat(leases.hold(deployment, rollback(deployment, RollbackRecord.Status.AUTHORIZED))).isTrue();
    }

    @Test
    void a_completed_rollback_keeps_its_lease_until_it_is_concluded() {
        String deployment = "lease-" + UUID.randomUUID().toString().substring(0, 8);
        UUID completed = rollback(deployment, RollbackRecord.Status.COMPLETED);
        heldByAnotherInstance(deployment, completed, "30 seconds");
        UUID next = rollback(deployment, RollbackRecord.Status.AUTHORIZED);

        assertThat(leases.hold(deployment, completed)).as("the conclusion never runs in two instances").isFalse();
        assertThat(leases.hold(deployment, next)).as("4.1 has not run: the broken tree may still be set aside").isFalse();
        assertThat(QuarkusTransaction.requiringNew().call(RollbackRecord::awaitingConclusion))
                .extracting(r -> r.incidentId).contains(completed);

        QuarkusTransaction.requiringNew().run(() -> {
            RollbackStep concluded = new RollbackStep();
            concluded.incidentId = completed;
            concluded.step = RollbackRecord.CONCLUDED_BY;
            concluded.status = RollbackStep.Status.COMPLETED;
            concluded.outputs = java.util.Map.of();
            concluded.startedAt = Instant.now();
            concluded.finishedAt = Instant.now();
            concluded.persist();
        });
        assertThat(QuarkusTransaction.requiringNew().call(RollbackRecord::awaitingConclusion))
                .extracting(r -> r.incidentId).doesNotContain(completed);
        assertThat(leases.hold(deployment, next)).as("concluded: the deployment is free").isTrue();
    }
}
