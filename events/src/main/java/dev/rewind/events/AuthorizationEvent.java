package dev.rewind.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.rewind.events.Require.envelope;
import static dev.rewind.events.Require.list;
import static dev.rewind.events.Require.optionalText;
import static dev.rewind.events.Require.present;
import static dev.rewind.events.Require.text;

/** Who may roll back, who did, and the go signal; published by incident-service on {@link Topics#AUTHORIZATIONS}. */
public sealed interface AuthorizationEvent extends RewindEvent {

    /**
     * Authorization asked of the required roles. {@code attempt} numbers the rollback attempt it is for (1 unless a
     * lead asked for another attempt after a failed rollback; an event without it is attempt 1).
     */
    record AuthorizationRequested(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, int tier,
                                  List<String> requiredRoles, String reason, Integer attempt) implements AuthorizationEvent {
        public AuthorizationRequested {
            envelope(eventId, incidentId, occurredAt);
            text(deployment, "deployment", Signal.MAX_NAME);
            requiredRoles = Require.notEmpty(list(requiredRoles), "requiredRoles");
            optionalText(reason, "reason", Require.MAX_TEXT);
            attempt = AuthorizationEvent.requireAttempt(attempt);
        }

        /** For the first attempt. */
        public AuthorizationRequested(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, int tier,
                                      List<String> requiredRoles, String reason) {
            this(eventId, incidentId, occurredAt, deployment, tier, requiredRoles, reason, 1);
        }
    }

    /** The most rollback attempts one incident may have. */
    int MAX_ATTEMPTS = 10;

    /** An attempt number as the events carry it: absent is 1 (events recorded before attempts were). */
    static Integer requireAttempt(Integer attempt) {
        if (attempt == null) {
            return 1;
        }
        if (attempt < 1 || attempt > MAX_ATTEMPTS) {
            throw new InvalidEventException("attempt", "must be between 1 and " + MAX_ATTEMPTS);
        }
        return attempt;
    }

    record AuthorizationGranted(UUID eventId, UUID incidentId, Instant occurredAt, String actor, String role,
                                AuthorizationForm form, Identity actorIdentity) implements AuthorizationEvent {
        public AuthorizationGranted {
            envelope(eventId, incidentId, occurredAt);
            text(actor, "actor");
            text(role, "role");
            present(form, "form");
        }

        /** Without the actor's identity: a system actor, or an event recorded before identities were. */
        public AuthorizationGranted(UUID eventId, UUID incidentId, Instant occurredAt, String actor, String role, AuthorizationForm form) {
            this(eventId, incidentId, occurredAt, actor, role, form, null);
        }
    }

    record AuthorizationDenied(UUID eventId, UUID incidentId, Instant occurredAt, String actor, String role,
                               AuthorizationForm form, Identity actorIdentity) implements AuthorizationEvent {
        public AuthorizationDenied {
            envelope(eventId, incidentId, occurredAt);
            text(actor, "actor");
            text(role, "role");
            present(form, "form");
        }

        /** Without the actor's identity: a system actor, or an event recorded before identities were. */
        public AuthorizationDenied(UUID eventId, UUID incidentId, Instant occurredAt, String actor, String role, AuthorizationForm form) {
            this(eventId, incidentId, occurredAt, actor, role, form, null);
        }
    }

    /** An attempt by someone not eligible, kept for the audit trail. */
    record AuthorizationRefused(UUID eventId, UUID incidentId, Instant occurredAt, String actor, List<String> roles,
                                String reason, Identity actorIdentity) implements AuthorizationEvent {
        public AuthorizationRefused {
            envelope(eventId, incidentId, occurredAt);
            text(actor, "actor");
            roles = list(roles);
            text(reason, "reason");
        }

        /** Without the actor's identity: a system actor, or an event recorded before identities were. */
        public AuthorizationRefused(UUID eventId, UUID incidentId, Instant occurredAt, String actor, List<String> roles, String reason) {
            this(eventId, incidentId, occurredAt, actor, roles, reason, null);
        }
    }

    /**
     * The go signal for executor-service. {@code targetVersion} may be left to the deployment's configuration. The
     * deployment and the versions reach the executor's paths and arguments, so they hold to {@link Names}' charsets.
     */
    record RollbackAuthorized(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, String fromVersion,
                              String targetVersion, String actor, String reason, Identity actorIdentity, Integer attempt)
            implements AuthorizationEvent {
        public RollbackAuthorized {
            attempt = AuthorizationEvent.requireAttempt(attempt);
            envelope(eventId, incidentId, occurredAt);
            Names.deployment(deployment, "deployment");
            Names.version(fromVersion, "fromVersion");
            if (targetVersion != null) {
                Names.version(targetVersion, "targetVersion");
            }
            text(actor, "actor");
            optionalText(reason, "reason", Require.MAX_TEXT);
        }

        /** Without the actor's identity: a system actor, or an event recorded before identities were. */
        public RollbackAuthorized(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, String fromVersion, String targetVersion, String actor, String reason) {
            this(eventId, incidentId, occurredAt, deployment, fromVersion, targetVersion, actor, reason, null, 1);
        }

        /** The first attempt, by an identified actor. */
        public RollbackAuthorized(UUID eventId, UUID incidentId, Instant occurredAt, String deployment, String fromVersion,
                                  String targetVersion, String actor, String reason, Identity actorIdentity) {
            this(eventId, incidentId, occurredAt, deployment, fromVersion, targetVersion, actor, reason, actorIdentity, 1);
        }
    }
}
