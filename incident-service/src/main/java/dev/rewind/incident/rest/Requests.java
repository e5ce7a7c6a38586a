package dev.rewind.incident.rest;

import dev.rewind.events.InvalidEventException;
import dev.rewind.events.ManualReason;
import dev.rewind.events.Require;
import dev.rewind.events.Signal;
import dev.rewind.events.TriageSeverity;
import dev.rewind.events.codec.EventJson;

/** Request bodies, bound strictly so every error names its field (see {@link EventJson#bind}). */
public final class Requests {

    private Requests() {
    }

    public static <T> T bind(byte[] body, Class<T> type) {
        return EventJson.bind(EventJson.parseObject(body), type);
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
}
