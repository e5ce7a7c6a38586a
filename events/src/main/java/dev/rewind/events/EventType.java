package dev.rewind.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.rewind.events.AuthorizationEvent.AuthorizationDenied;
import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRefused;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.IncidentEvent.IncidentAssessed;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringEnded;
import dev.rewind.events.IncidentEvent.HeightenedMonitoringStarted;
import dev.rewind.events.IncidentEvent.HotfixSignedOff;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentResolved;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.IncidentEvent.PostmortemScheduled;
import dev.rewind.events.NotificationEvent.NotificationDelivered;
import dev.rewind.events.NotificationEvent.NotificationFailed;
import dev.rewind.events.PhaseEvent.CommandRefused;
import dev.rewind.events.PhaseEvent.PhaseCompleted;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.VerificationEvent.CheckCompleted;
import dev.rewind.events.VerificationEvent.VerificationCompleted;

/** Every event type of the contract: its wire name, its record and the topic it travels on. */
public enum EventType {
    INCIDENT_OPENED("incident.opened", IncidentOpened.class, Topics.INCIDENTS),
    INCIDENT_CLASSIFIED("incident.classified", IncidentClassified.class, Topics.INCIDENTS),
    INCIDENT_TRIAGED("incident.triaged", IncidentTriaged.class, Topics.INCIDENTS),
    INCIDENT_ASSESSED("incident.assessed", IncidentAssessed.class, Topics.INCIDENTS),
    INCIDENT_ESCALATED("incident.escalated", IncidentEscalated.class, Topics.INCIDENTS),
    INCIDENT_ACKNOWLEDGED("incident.acknowledged", IncidentAcknowledged.class, Topics.INCIDENTS),
    INCIDENT_RESOLVED("incident.resolved", IncidentResolved.class, Topics.INCIDENTS),
    POSTMORTEM_NOTED("postmortem.noted", PostmortemNoted.class, Topics.INCIDENTS),
    HOTFIX_SIGNED_OFF("hotfix.signed-off", HotfixSignedOff.class, Topics.INCIDENTS),
    POSTMORTEM_SCHEDULED("postmortem.scheduled", PostmortemScheduled.class, Topics.INCIDENTS),
    HEIGHTENED_MONITORING_STARTED("heightened-monitoring.started", HeightenedMonitoringStarted.class, Topics.INCIDENTS),
    HEIGHTENED_MONITORING_ENDED("heightened-monitoring.ended", HeightenedMonitoringEnded.class, Topics.INCIDENTS),

    AUTHORIZATION_REQUESTED("authorization.requested", AuthorizationRequested.class, Topics.AUTHORIZATIONS),
    AUTHORIZATION_GRANTED("authorization.granted", AuthorizationGranted.class, Topics.AUTHORIZATIONS),
    AUTHORIZATION_DENIED("authorization.denied", AuthorizationDenied.class, Topics.AUTHORIZATIONS),
    AUTHORIZATION_REFUSED("authorization.refused", AuthorizationRefused.class, Topics.AUTHORIZATIONS),
    ROLLBACK_AUTHORIZED("rollback.authorized", RollbackAuthorized.class, Topics.AUTHORIZATIONS),

    PHASE_STARTED("phase.started", PhaseStarted.class, Topics.PHASES),
    STEP_COMPLETED("step.completed", StepCompleted.class, Topics.PHASES),
    STEP_FAILED("step.failed", StepFailed.class, Topics.PHASES),
    PHASE_COMPLETED("phase.completed", PhaseCompleted.class, Topics.PHASES),
    VERIFICATION_REQUESTED("verification.requested", VerificationRequested.class, Topics.PHASES),
    ROLLBACK_COMPLETED("rollback.completed", RollbackCompleted.class, Topics.PHASES),
    ROLLBACK_FAILED("rollback.failed", RollbackFailed.class, Topics.PHASES),
    COMMAND_REFUSED("command.refused", CommandRefused.class, Topics.PHASES),

    CHECK_COMPLETED("check.completed", CheckCompleted.class, Topics.VERIFICATIONS),
    VERIFICATION_COMPLETED("verification.completed", VerificationCompleted.class, Topics.VERIFICATIONS),

    NOTIFICATION_DELIVERED("notification.delivered", NotificationDelivered.class, Topics.NOTIFICATIONS),
    NOTIFICATION_FAILED("notification.failed", NotificationFailed.class, Topics.NOTIFICATIONS);

    public static final String PREFIX = "dev.rewind.";

    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_RECORD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::recordClass, Function.identity()));

    private final String shortName;
    private final Class<? extends RewindEvent> recordClass;
    private final String topic;

    EventType(String shortName, Class<? extends RewindEvent> recordClass, String topic) {
        this.shortName = shortName;
        this.recordClass = recordClass;
        this.topic = topic;
    }

    /** The name as the architecture writes it, e.g. {@code incident.opened}. */
    public String shortName() {
        return shortName;
    }

    /** The CloudEvents {@code type}, e.g. {@code dev.rewind.incident.opened}. */
    public String wireName() {
        return PREFIX + shortName;
    }

    public Class<? extends RewindEvent> recordClass() {
        return recordClass;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    public static EventType of(Class<?> recordClass) {
        EventType type = BY_RECORD.get(recordClass);
        if (type == null) {
            throw new IllegalArgumentException("no event type for " + recordClass.getName());
        }
        return type;
    }
}
