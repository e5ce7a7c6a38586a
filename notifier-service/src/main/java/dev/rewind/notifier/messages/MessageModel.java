package dev.rewind.notifier.messages;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.rewind.events.RewindEvent;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.events.codec.EventJson;
import dev.rewind.notifier.delivery.IncidentFacts;

/**
 * What a template may say: {@code incident} (the facts so far), {@code event} (the event's data as
 * the contract writes it), {@code time} (HH:MM UTC of the event), {@code links} (timeline, post-mortem)
 * and {@code team} (chat mention, support contact). Missing facts read as "unknown", never as null.
 */
public record MessageModel(Map<String, Object> data, RewindEvent event, IncidentFacts facts) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final String UNKNOWN = "unknown";

    public static MessageModel of(RewindEvent event, IncidentFacts facts, String incidentBaseUrl, String mention, String support) {
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("id", event.incidentId().toString());
        incident.put("deployment", or(facts.deployment));
        incident.put("version", or(facts.version));
        incident.put("targetVersion", facts.targetVersion == null ? "the last good version" : facts.targetVersion);
        incident.put("tier", facts.tier == null ? UNKNOWN : facts.tier.toString());
        incident.put("rule", or(facts.rule));
        incident.put("evidence", facts.evidence == null ? (facts.description == null ? UNKNOWN : facts.description) : facts.evidence);
        incident.put("description", or(facts.description));
        incident.put("origin", or(facts.origin));
        incident.put("authorizedBy", facts.authorizedBy == null ? "automatic (tier 1 policy)" : facts.authorizedBy);
        incident.put("impact", facts.impact == null
                ? "No user data lost: data outside the managed files (runtime data, sessions, .git) was kept as it was" : facts.impact);
        incident.put("openedAt", facts.openedAt == null ? UNKNOWN : facts.openedAt.toString());

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("incident", incident);
        Map<String, Object> eventData = EventJson.MAPPER.convertValue(CloudEventCodec.dataOf(event), new TypeReference<>() {
        });
        data.put("event", eventData);
        data.put("duration", eventData.get("durationMs") instanceof Number ms ? minutes(ms.longValue()) : UNKNOWN);
        data.put("type", event.type().shortName());
        data.put("time", CLOCK.format(event.occurredAt()) + " UTC");
        data.put("links", Map.of(
                "timeline", incidentBaseUrl + "/incidents/" + event.incidentId(),
                "postmortem", incidentBaseUrl + "/api/v1/incidents/" + event.incidentId() + "/postmortem"));
        data.put("team", Map.of("mention", mention == null ? "" : mention, "support", support == null ? "your on-call team" : support));
        return new MessageModel(data, event, facts);
    }

    /** Says what happened and to what without any template, for when a template fails. */
    public Message plain() {
        String subject = "[Rewind] " + event.type().shortName() + " — " + or(facts.deployment) + " (incident " + event.incidentId() + ")";
        String body = """
                Rewind event %s at %s for deployment %s version %s (incident %s, tier %s).
                Evidence: %s
                Event data: %s
                Timeline: %s
                """.formatted(event.type().shortName(), event.occurredAt(), or(facts.deployment), or(facts.version),
                event.incidentId(), facts.tier == null ? UNKNOWN : facts.tier, facts.evidence == null ? UNKNOWN : facts.evidence,
                CloudEventCodec.dataOf(event), ((Map<?, ?>) data.get("links")).get("timeline"));
        return new Message(subject, body);
    }

    /** Minutes, rounded up, as the runbook's all-clear says "Rollback Duration: [X minutes]". */
    public static String minutes(long durationMs) {
        long seconds = Duration.ofMillis(durationMs).toSeconds();
        return seconds < 60 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
    }

    private static String or(String value) {
        return value == null ? UNKNOWN : value;
    }
}
