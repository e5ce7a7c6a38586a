package dev.rewind.incident.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.rewind.incident.persistence.IncidentRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Pages the next person of the escalation path when its delay has passed. The deadlines are computed
 * from each incident's stream (when authorization was requested, which levels were paged), so a restart
 * loses nothing: the next tick after start-up catches up.
 */
@ApplicationScoped
public class EscalationTicker {
    private static final Logger LOG = Logger.getLogger(EscalationTicker.class);

    private final IncidentCommands commands;

    public EscalationTicker(IncidentCommands commands) {
        this.commands = commands;
    }

    @Scheduled(every = "${rewind.escalation.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        for (IncidentRecord incident : QuarkusTransaction.requiringNew().call(IncidentRecord::awaitingAuthorization)) {
            try {
                commands.escalate(incident.id);
            } catch (RuntimeException e) {
                LOG.warnf("escalation of incident %s failed: %s", incident.id, e.getMessage());
            }
        }
    }
}
