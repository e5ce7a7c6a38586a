package dev.rewind.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.rewind.events.Require.envelope;
import static dev.rewind.events.Require.list;
import static dev.rewind.events.Require.optionalText;
import static dev.rewind.events.Require.positive;
import static dev.rewind.events.Require.present;
import static dev.rewind.events.Require.text;

/** Events of the incident itself, published by incident-service on {@link Topics#INCIDENTS}. */
public sealed interface IncidentEvent extends RewindEvent {

    record IncidentOpened(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, String version,
                          Origin origin, ManualReason manualReason, String description, String openedBy)
            implements IncidentEvent {
        public IncidentOpened {
            envelope(eventId, incidentId, occurredAt);
            text(deployment, "deployment", Signal.MAX_NAME);
            text(version, "version", Signal.MAX_VERSION);
            present(origin, "origin");
            optionalText(description, "description", Require.MAX_TEXT);
            text(openedBy, "openedBy");
        }
    }

    /** The tier an incident is in, the rule that put it there and the samples that made the rule fire. */
    record IncidentClassified(UUID eventId, UUID incidentId, Instant occurredAt, int tier, Integer previousTier,
                              String rule, String metric, long windowSeconds, List<Sample> evidence)
            implements IncidentEvent {
        public IncidentClassified {
            envelope(eventId, incidentId, occurredAt);
            if (tier < 1 || tier > 3) {
                throw new InvalidEventException("tier", "must be 1, 2 or 3");
            }
            text(rule, "rule");
            optionalText(metric, "metric", Signal.MAX_METRIC);
            positive(windowSeconds, "windowSeconds");
            evidence = list(evidence);
        }
    }

    record IncidentTriaged(UUID eventId, UUID incidentId, Instant occurredAt, TriageSeverity severity,
                           Integer estimatedFixMinutes, TriageDecision decision, List<String> approvalsNeeded,
                           String actor, String role, Identity actorIdentity) implements IncidentEvent {
        public IncidentTriaged {
            envelope(eventId, incidentId, occurredAt);
            present(severity, "severity");
            present(decision, "decision");
            approvalsNeeded = list(approvalsNeeded);
            text(actor, "actor");
        }

        /** Without the actor's identity: a system actor, or an event recorded before identities were. */
        public IncidentTriaged(UUID eventId, UUID incidentId, Instant occurredAt, TriageSeverity severity, Integer estimatedFixMinutes, TriageDecision decision, List<String> approvalsNeeded, String actor, String role) {
            this(eventId, incidentId, occurredAt, severity, estimatedFixMinutes, decision, approvalsNeeded, actor, role, null);
        }
    }

    /** The runbook's impact assessment checklist. */
    record IncidentAssessed(UUID eventId, UUID incidentId, Instant occurredAt, int usersAffected,
                            Long minutesSinceLastBackup, String dataCreatedSinceDeployment, boolean dataLossAcceptable,
                            String customerImpact, String communicationPlan, String actor, Identity actorIdentity) implements IncidentEvent {
        public IncidentAssessed {
            envelope(eventId, incidentId, occurredAt);
            positive(usersAffected, "usersAffected");
            optionalText(dataCreatedSinceDeployment, "dataCreatedSinceDeployment", Require.MAX_TEXT);
            optionalText(customerImpact, "customerImpact", Require.MAX_TEXT);
            optionalText(communicationPlan, "communicationPlan", Require.MAX_TEXT);
            text(actor, "actor");
        }

        /** Without the actor's identity: a system actor, or an event recorded before identities were. */
        public IncidentAssessed(UUID eventId, UUID incidentId, Instant occurredAt, int usersAffected, Long minutesSinceLastBackup, String dataCreatedSinceDeployment, boolean dataLossAcceptable, String customerImpact, String communicationPlan, String actor) {
            this(eventId, incidentId, occurredAt, usersAffected, minutesSinceLastBackup, dataCreatedSinceDeployment, dataLossAcceptable, customerImpact, communicationPlan, actor, null);
        }
    }

    /** One step of the escalation path: level 1 is the on-call engineer, then the leads. */
    record IncidentEscalated(UUID eventId, UUID incidentId, Instant occurredAt, int level, String role, String reason)
            implements IncidentEvent {
        public IncidentEscalated {
            envelope(eventId, incidentId, occurredAt);
            positive(level, "level");
            text(role, "role");
            optionalText(reason, "reason", Require.MAX_TEXT);
        }
    }

    record IncidentAcknowledged(UUID eventId, UUID incidentId, Instant occurredAt, String actor, String role, Identity actorIdentity)
            implements IncidentEvent {
        public IncidentAcknowledged {
            envelope(eventId, incidentId, occurredAt);
            text(actor, "actor");
        }

        /** Without the actor's identity: a system actor, or an event recorded before identities were. */
        public IncidentAcknowledged(UUID eventId, UUID incidentId, Instant occurredAt, String actor, String role) {
            this(eventId, incidentId, occurredAt, actor, role, null);
        }
    }

    /**
     * The incident ended: why, in words, by whom. Every incident can end; an ended incident takes no more signals, so
     * the deployment's next bad signal opens a new one. {@code hotfixVersion} names the version a
     * {@link ResolutionReason#HOTFIX_DEPLOYED} resolution declares deployed.
     */
    record IncidentResolved(UUID eventId, UUID incidentId, Instant occurredAt, ResolutionReason reason, String summary,
                            String hotfixVersion, String actor, String role, Identity actorIdentity) implements IncidentEvent {
        public IncidentResolved {
            envelope(eventId, incidentId, occurredAt);
            requireResolution(reason, summary, hotfixVersion);
            text(actor, "actor");
            optionalText(role, "role", 100);
        }

        /** The resolution's own fields, as a request gives them: a reason, a one-line summary, a version for a hotfix only. */
        public static void requireResolution(ResolutionReason reason, String summary, String hotfixVersion) {
            present(reason, "reason");
            Require.plain(text(summary, "summary", Require.MAX_TEXT), "summary");
            if (reason == ResolutionReason.HOTFIX_DEPLOYED) {
                Names.version(hotfixVersion, "hotfixVersion");
            } else if (hotfixVersion != null) {
                throw new InvalidEventException("hotfixVersion", "belongs only to a HOTFIX_DEPLOYED resolution");
            }
        }
    }

    /**
     * One of the runbook's sign-offs for a hotfix version after a rollback (the incident that rolled back): who gave
     * it, in which role. The redeployment gate lets the version through once every {@link SignOff} is given.
     */
    record HotfixSignedOff(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, String version, SignOff signOff,
                           String note, String actor, String role, Identity actorIdentity) implements IncidentEvent {
        public HotfixSignedOff {
            envelope(eventId, incidentId, occurredAt);
            Names.deployment(deployment, "deployment");
            requireSignOff(signOff, version, note);
            text(actor, "actor");
            text(role, "role", 100);
        }

        /** The sign-off's own fields, as a request gives them: which one, for a version, and a one-line note if any. */
        public static void requireSignOff(SignOff signOff, String version, String note) {
            present(signOff, "signOff");
            Names.version(version, "version");
            Require.plain(optionalText(note, "note", Require.MAX_TEXT), "note");
        }
    }

    /**
     * A fully signed-off hotfix version reported its first signal: until {@code endsAt} its signals are judged by the
     * deployment's tier rules scaled (thresholds by {@code thresholdFactor}, windows by {@code windowFactor}) — the
     * runbook's "24-hour heightened monitoring". In the stream of the incident whose rollback the hotfix follows.
     */
    record HeightenedMonitoringStarted(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, String version,
                                       Instant endsAt, double thresholdFactor, double windowFactor) implements IncidentEvent {
        public HeightenedMonitoringStarted {
            envelope(eventId, incidentId, occurredAt);
            Names.deployment(deployment, "deployment");
            Names.version(version, "version");
            present(endsAt, "endsAt");
            if (!endsAt.isAfter(occurredAt)) {
                throw new InvalidEventException("endsAt", "must be after occurredAt");
            }
            requireFactor(thresholdFactor, "thresholdFactor");
            requireFactor(windowFactor, "windowFactor");
        }

        /** A scale of the policy: more than 0, at most 1 (1 keeps the rule as it is). */
        public static void requireFactor(double factor, String field) {
            if (!(factor > 0 && factor <= 1)) {
                throw new InvalidEventException(field, "must be more than 0 and at most 1");
            }
        }
    }

    /**
     * The heightened monitoring of a hotfix version is over: {@code PASSED} when no incident of the deployment opened
     * during it, {@code BREACHED} naming the ones that did (at most {@link #MAX_INCIDENTS}).
     */
    record HeightenedMonitoringEnded(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, String version,
                                     Instant startedAt, HeightenedOutcome outcome, List<UUID> incidentsOpened) implements IncidentEvent {
        public static final int MAX_INCIDENTS = 20;

        public HeightenedMonitoringEnded {
            envelope(eventId, incidentId, occurredAt);
            Names.deployment(deployment, "deployment");
            Names.version(version, "version");
            present(startedAt, "startedAt");
            present(outcome, "outcome");
            incidentsOpened = list(incidentsOpened);
            if (incidentsOpened.size() > MAX_INCIDENTS) {
                throw new InvalidEventException("incidentsOpened", "must name at most " + MAX_INCIDENTS + " incidents");
            }
            if ((outcome == HeightenedOutcome.PASSED) != incidentsOpened.isEmpty()) {
                throw new InvalidEventException("incidentsOpened", "must be empty exactly when the outcome is PASSED");
            }
        }
    }

    /**
     * The post-mortem meeting scheduled by a lead (runbook 4.3): when, how long, where, and the roles invited — the
     * notifier mails each person of those roles in the contacts file an iCalendar invitation. A later one reschedules.
     */
    record PostmortemScheduled(UUID eventId, UUID incidentId, Instant occurredAt, Instant meetingAt, int durationMinutes,
                               List<String> participants, String location, String actor, String role, Identity actorIdentity)
            implements IncidentEvent {
        public static final List<String> RUNBOOK_PARTICIPANTS = List.of(Role.Ids.TECH_LEAD, Role.Ids.PRODUCT_MANAGER,
                Role.Ids.INFRASTRUCTURE_LEAD, Role.Ids.QA_LEAD);

        public PostmortemScheduled {
            envelope(eventId, incidentId, occurredAt);
            participants = list(participants);
            requireMeeting(meetingAt, durationMinutes, participants, location);
            text(actor, "actor");
            optionalText(role, "role", 100);
        }

        /** The meeting's own fields, as a request gives them: a time, 15 to 480 minutes, the contract's roles, a one-line place. */
        public static void requireMeeting(Instant meetingAt, int durationMinutes, List<String> participants, String location) {
            present(meetingAt, "meetingAt");
            if (durationMinutes < 15 || durationMinutes > 480) {
                throw new InvalidEventException("durationMinutes", "must be between 15 and 480");
            }
            if (participants.isEmpty() || participants.size() > Role.values().length) {
                throw new InvalidEventException("participants", "must name between 1 and " + Role.values().length + " roles");
            }
            for (String participant : participants) {
                if (participant == null || Role.of(participant).isEmpty()) {
                    throw new InvalidEventException("participants", "names a role the contract does not have");
                }
            }
            Require.plain(optionalText(location, "location", 500), "location");
        }
    }

    /**
     * An analyst's or a lead's post-mortem notes (runbook phase 4): the root cause, lessons, action items,
     * the redeployment plan, when the post-mortem meeting is. Every field is optional; later notes add to
     * earlier ones.
     */
    record PostmortemNoted(UUID eventId, UUID incidentId, Instant occurredAt, String actor, String role, String rootCause,
                           List<String> lessons, List<String> actionItems, String redeploymentPlan, Instant meetingAt, Identity actorIdentity)
            implements IncidentEvent {
        public PostmortemNoted {
            envelope(eventId, incidentId, occurredAt);
            text(actor, "actor");
            optionalText(role, "role", 100);
            optionalText(rootCause, "rootCause", Require.MAX_TEXT);
            lessons = list(lessons);
            actionItems = list(actionItems);
            for (String lesson : lessons) {
                text(lesson, "lessons", 1000);
            }
            for (String item : actionItems) {
                text(item, "actionItems", 1000);
            }
            optionalText(redeploymentPlan, "redeploymentPlan", Require.MAX_TEXT);
            if (rootCause == null && lessons.isEmpty() && actionItems.isEmpty() && redeploymentPlan == null && meetingAt == null) {
                throw new InvalidEventException("notes", "must say something: rootCause, lessons, actionItems, redeploymentPlan or meetingAt");
            }
        }

        /** Without the actor's identity: a system actor, or an event recorded before identities were. */
        public PostmortemNoted(UUID eventId, UUID incidentId, Instant occurredAt, String actor, String role, String rootCause, List<String> lessons, List<String> actionItems, String redeploymentPlan, Instant meetingAt) {
            this(eventId, incidentId, occurredAt, actor, role, rootCause, lessons, actionItems, redeploymentPlan, meetingAt, null);
        }
    }
}
