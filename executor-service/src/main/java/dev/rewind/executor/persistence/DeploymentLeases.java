package dev.rewind.executor.persistence;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * One rollback at a time per deployment, whatever the number of executor instances. A rollback runs a step only
 * while its instance holds the deployment's lease; the holder renews it every few seconds, so a crashed
 * instance's lease is free {@code rewind.executor.lease-ttl} later and another instance resumes the rollback.
 */
@ApplicationScoped
public class DeploymentLeases {
    private final EntityManager entityManager;
    private final Duration ttl;
    private final String owner;

    public DeploymentLeases(EntityManager entityManager,
                            @ConfigProperty(name = "rewind.executor.lease-ttl", defaultValue = "30s") Duration ttl) {
        this.entityManager = entityManager;
        this.ttl = ttl;
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        this.owner = host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String owner() {
        return owner;
    }

    /**
     * Takes or keeps the deployment for this rollback. It is free when no one holds it, when its lease expired,
     * or when the rollback holding it has failed or completed and been concluded (its broken tree dealt with); it is
     * ours when this instance holds it for this rollback.
     */
    public boolean hold(String deployment, UUID incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                insert into deployment_lease (deployment, owner, incident_id, expires_at)
                values (?1, ?2, ?3, now() + make_interval(secs => ?4))
                on conflict (deployment) do update
                    set owner = excluded.owner, incident_id = excluded.incident_id, expires_at = excluded.expires_at
                    where deployment_lease.expires_at < now()
                       or (deployment_lease.owner = excluded.owner and deployment_lease.incident_id = excluded.incident_id)
                       or exists (select 1 from rollback r where r.incident_id = deployment_lease.incident_id
                                  and (r.status = 'FAILED' or r.status = 'COMPLETED' and exists (select 1 from rollback_step s
                                       where s.incident_id = r.incident_id and s.step = ?5)))
                """)
                .setParameter(1, deployment).setParameter(2, owner).setParameter(3, incidentId).setParameter(4, (double) ttl.toSeconds())
                .setParameter(5, RollbackRecord.CONCLUDED_BY)
                .executeUpdate() == 1);
    }

    /** The rollback ended (or awaits a lead's retry): the deployment is free for the next one. */
    public void release(UUID incidentId) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "delete from deployment_lease where incident_id = ?1 and owner = ?2")
                .setParameter(1, incidentId).setParameter(2, owner).executeUpdate());
    }

    /**
     * At start-up, the leases of this host's dead executors are freed at once rather than after their time to live:
     * an instance that was killed and restarted (same host, its pid gone, or reused by this very process as in a
     * container) resumes its rollbacks without waiting.
     */
    void freeLeasesOfDeadInstancesHere(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(1) io.quarkus.runtime.StartupEvent startup) {
        String host = owner.substring(0, owner.indexOf('/') + 1);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                @SuppressWarnings("unchecked")
                java.util.List<String> owners = entityManager.createNativeQuery(
                        "select distinct owner from deployment_lease where starts_with(owner, ?1) and owner <> ?2")
                        .setParameter(1, host).setParameter(2, owner).getResultList();
                for (String other : owners) {
                    if (deadHere(other)) {
                        entityManager.createNativeQuery("delete from deployment_lease where owner = ?1").setParameter(1, other).executeUpdate();
                    }
                }
            });
        } catch (RuntimeException e) {
            org.jboss.logging.Logger.getLogger(DeploymentLeases.class).debugf("leases of dead instances not freed: %s", e.getMessage());
        }
    }

    private static boolean deadHere(String other) {
        String[] parts = other.split("/");
        try {
            long pid = Long.parseLong(parts[1]);
            return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Scheduled(every = "${rewind.executor.lease-renew-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                            "update deployment_lease set expires_at = now() + make_interval(secs => ?1) where owner = ?2")
                    .setParameter(1, (double) ttl.toSeconds()).setParameter(2, owner).executeUpdate());
        } catch (RuntimeException e) {
            // the database is away: the lease may lapse, and the versioned step rows stop a second writer
            org.jboss.logging.Logger.getLogger(DeploymentLeases.class).debugf("leases not renewed: %s", e.getMessage());
        }
    }
}
