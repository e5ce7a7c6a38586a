package dev.rewind.notifier.application;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.IncidentEvent.IncidentAssessed;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.RewindEvent;
import dev.rewind.notifier.delivery.IncidentFacts;

/** Folds the events that say something a message needs (what broke, why, who authorized) into the facts. */
final class IncidentFactsUpdater {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private IncidentFactsUpdater() {
    }

    static void apply(IncidentFacts facts, RewindEvent event) {
        switch (event.type()) {
            case INCIDENT_OPENED -> {
                IncidentOpened opened = (IncidentOpened) event;
                facts.deployment = opened.deployment();
                facts.version = opened.version();
                facts.origin = opened.origin().name();
                facts.description = opened.description();
                facts.openedAt = opened.occurredAt();
            }
            case INCIDENT_CLASSIFIED -> {
                IncidentClassified classified = (IncidentClassified) event;
                facts.tier = classified.tier();
                facts.rule = classified.rule();
                facts.evidence = classified.evidence().isEmpty() ? null : classified.metric() + " = " + classified.evidence().stream()
                        .map(sample -> sample.value() + " at " + CLOCK.format(sample.observedAt()))
                        .collect(Collectors.joining(", ")) + " UTC";
            }
            case INCIDENT_ASSESSED -> {
                IncidentAssessed assessed = (IncidentAssessed) event;
                facts.impact = assessed.customerImpact();
            }
            // read before the incident's opening (another topic), a request still names the deployment
            case AUTHORIZATION_REQUESTED -> facts.deployment = facts.deployment == null
                    ? ((dev.rewind.events.AuthorizationEvent.AuthorizationRequested) event).deployment() : facts.deployment;
            case AUTHORIZATION_GRANTED -> facts.authorizedBy = ((AuthorizationGranted) event).actor();
            case ROLLBACK_AUTHORIZED -> {
                RollbackAuthorized authorized = (RollbackAuthorized) event;
                facts.deployment = authorized.deployment();
                facts.version = authorized.fromVersion();
                if (authorized.targetVersion() != null) {
                    facts.targetVersion = authorized.targetVersion();
                }
                if (facts.authorizedBy == null) {
                    facts.authorizedBy = authorized.actor();
                }
            }
            case ROLLBACK_COMPLETED -> {
                // the topics are read by separate loops: the end of a rollback may be read before its start
                RollbackCompleted completed = (RollbackCompleted) event;
                facts.targetVersion = completed.toVersion();
                facts.deployment = facts.deployment == null ? completed.deployment() : facts.deployment;
                facts.version = facts.version == null ? completed.fromVersion() : facts.version;
                facts.restoredAt = facts.restoredAt == null ? completed.occurredAt() : facts.restoredAt;
            }
            case ROLLBACK_FAILED -> facts.deployment = facts.deployment == null
                    ? ((dev.rewind.events.PhaseEvent.RollbackFailed) event).deployment() : facts.deployment;
            default -> {
            }
        }
        facts.updatedAt = event.occurredAt();
    }
}
