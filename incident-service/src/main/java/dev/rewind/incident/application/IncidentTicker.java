package dev.rewind.incident.application;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.rewind.incident.persistence.IncidentRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * The clock's work: pages the next person of the escalation path when its delay has passed, and ends incidents
 * whose signals went quiet. The deadlines are computed from each incident's stream (when authorization was
 * requested, which levels were paged), so a restart loses nothing: the next tick after start-up catches up.
 */
@ApplicationScoped
public class IncidentTicker {
    private static final Logger LOG = Logger.getLogger(IncidentTicker.class);

    private final IncidentCommands commands;

    public IncidentTicker(IncidentCommands commands) {
        this.commands = commands;
    }

    @Scheduled(every = "${rewind.escalation.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void escalate() {
        each("escalation", IncidentRecord::awaitingAuthorization, commands::escalate);
    }

    /** Ends the incidents whose signals went quiet; the windows are read from the sample table, so a restart loses nothing. */
    @Scheduled(every = "${rewind.resolution.tick:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resolveQuiet() {
        each("resolution", IncidentRecord::endingWhenQuiet, commands::resolveIfQuiet);
    }

    /** One incident's failure is logged and does not hold up the others; the next tick tries it again. */
    private static void each(String what, Supplier<List<IncidentRecord>> incidents, Consumer<UUID> work) {
        for (IncidentRecord incident : QuarkusTransaction.requiringNew().call(incidents::get)) {
            try {
                work.accept(incident.id);
            } catch (RuntimeException e) {
                LOG.warnf("%s of incident %s failed: %s", what, incident.id, e.getMessage());
            }
        }
    }
}
