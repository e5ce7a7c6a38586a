package dev.rewind.incident.rest;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.events.IncidentEvent;
import dev.rewind.events.InvalidEventException;
import dev.rewind.events.ManualReason;
import dev.rewind.events.ResolutionReason;
import dev.rewind.events.Require;
import dev.rewind.events.Signal;
import dev.rewind.events.SignOff;
import dev.rewind.events.TriageSeverity;
import dev.rewind.events.codec.EventJson;

/** Request bodies, bound strictly so every error names its field (see {@link EventJson#bind}). */
public final class Requests {

    private Requests() {
    }

    /** Binds the body to the request record; a field the record does not have is refused by name, not ignored. */
    public static <T> T bind(byte[] body, Class<T> type) {
        ObjectNode object = EventJson.parseObject(body);
        Set<String> known = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
                throw new InvalidEventException(shown, "is not a field of this request (identity and roles come from the token)");
            }
        });
        return EventJson.bind(object, type);
    }

    public record Triage(TriageSeverity severity, Integer estimatedFixMinutes) {
        public Triage {
            Require.present(severity, "severity");
            if (estimatedFixMinutes != null && estimatedFixMinutes < 0) {
                throw new InvalidEventException("estimatedFixMinutes", "must not be negative");
            }
        }
    }

    public record Assessment(int usersAffected, Long minutesSinceLastBackup, String dataCreatedSinceDeployment,
                             boolean dataLossAcceptable, String customerImpact, String communicationPlan) {
        public Assessment {
            Require.positive(usersAffected, "usersAffected");
            if (minutesSinceLastBackup != null && minutesSinceLastBackup < 0) {
                throw new InvalidEventException("minutesSinceLastBackup", "must not be negative");
            }
            Require.optionalText(dataCreatedSinceDeployment, "dataCreatedSinceDeployment", Require.MAX_TEXT);
            Require.optionalText(customerImpact, "customerImpact", Require.MAX_TEXT);
            Require.optionalText(communicationPlan, "communicationPlan", Require.MAX_TEXT);
        }
    }

    public record ManualIncident(String deployment, String version, ManualReason reason, String description) {
        public ManualIncident {
            Require.text(deployment, "deployment", Signal.MAX_NAME);
            Require.text(version, "version", Signal.MAX_VERSION);
            Require.present(reason, "reason");
            Require.optionalText(description, "description", Require.MAX_TEXT);
        }
    }

    /** A lead's resolution: why (a reason a person gives), in words, and the hotfix's version when one was deployed. */
    public record Resolution(ResolutionReason reason, String summary, String hotfixVersion) {
        public Resolution {
            IncidentEvent.IncidentResolved.requireResolution(reason, summary, hotfixVersion);
        }
    }

    /** A lead's request for another rollback attempt: why, in one line of words. */
    public record RollbackAttempt(String reason) {
        public RollbackAttempt {
            Require.plain(Require.text(reason, "reason", 500), "reason");
        }
    }

    /** A hotfix sign-off: which one, for which version, and a note. */
    public record HotfixSignOff(SignOff signOff, String version, String note) {
        public HotfixSignOff {
            IncidentEvent.HotfixSignedOff.requireSignOff(signOff, version, note);
        }
    }

    /** The post-mortem meeting: when, how long (60 min unless given), who (roles; the runbook's four unless given), where. */
    public record PostmortemMeeting(Instant meetingAt, Integer durationMinutes, List<String> participants, String location) {
        public PostmortemMeeting {
            durationMinutes = durationMinutes == null ? 60 : durationMinutes;
            participants = participants == null ? IncidentEvent.PostmortemScheduled.RUNBOOK_PARTICIPANTS : participants;
            IncidentEvent.PostmortemScheduled.requireMeeting(meetingAt, durationMinutes, participants, location);
            participants = List.copyOf(new java.util.LinkedHashSet<>(participants));
        }
    }
}
