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
 * The clock's work: pages the next person of the escalation path when its delay has passed, ends incidents whose
 * signals went quiet and restored ones whose checklist is complete, and ends the heightened monitoring of hotfixes whose
 * period is over. The deadlines are computed from each incident's stream (when authorization was requested, which levels
 * were paged), so a restart loses nothing: the next tick after start-up catches up.
 */
@ApplicationScoped
public class IncidentTicker {
    private static final Logger LOG = Logger.getLogger(IncidentTicker.class);

    private final IncidentCommands commands;
    private final SystemEventContext context;

    public IncidentTicker(IncidentCommands commands, SystemEventContext context) {
        this.commands = commands;
        this.context = context;
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

    /** Ends the restored incidents whose checklist is complete (their redeployment goes on). */
    @Scheduled(every = "${rewind.resolution.tick:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resolveChecked() {
        each("checklist resolution", IncidentRecord::restored, commands::resolveIfChecklistComplete);
    }

    /** Ends the heightened monitoring of hotfixes whose period is over. */
    @Scheduled(every = "${rewind.resolution.tick:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void endHeightened() {
        each("heightened monitoring", () -> IncidentRecord.heightenedOver(context.now()), commands::endHeightenedIfOver);
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
