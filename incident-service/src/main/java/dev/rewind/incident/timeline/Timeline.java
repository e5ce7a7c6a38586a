package dev.rewind.incident.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.Channel;
import dev.rewind.events.CheckKind;

/**
 * An incident as the runbook's rollback timeline document (phase 4.1) tells it, rebuilt from its event
 * stream; every entry names the events it came from.
 */
public record Timeline(UUID incidentId, Instant asOf, String deployment, String version, String status, Detection detection,
                       Investigation investigation, Authorization authorization, Execution execution,
                       Verification verification, Resolution resolution, List<ChecklistItem> checklist,
                       List<Marker> markers, List<Notice> notifications, int events) {

    /** The one JSON form, served by the API and printed by the replay tool alike. */
    public String toJson() {
        return new String(toJsonBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@link #toJson()} as UTF-8, written straight to bytes: what the API serves (a large timeline is megabytes). */
    public byte[] toJsonBytes() {
        try {
            return dev.rewind.events.codec.EventJson.MAPPER.writeValueAsBytes(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a timeline is always serializable", e);
        }
    }

    /** When, who or what, how: a monitoring signal, a user report or a manual decision. */
    public record Detection(Instant at, String who, String how, String detail, List<UUID> eventIds) {
    }

    /** The symptoms (the rule that fired and the samples that made it fire) and the diagnostics captured. */
    public record Investigation(List<Symptom> symptoms, Map<String, String> diagnostics, List<UUID> eventIds) {
    }

    public record Symptom(Instant at, int tier, String rule, String metric, String samples, UUID eventId) {
    }

    public record Authorization(Instant requestedAt, List<String> requiredRoles, List<AuthorizationEntry> entries,
                                String authorizedBy, Instant authorizedAt, List<UUID> eventIds) {
    }

    /** A request, grant, denial, refusal or the go signal, with who, their role and the form they filled in. */
    public record AuthorizationEntry(Instant at, String kind, String actor, String role, Map<String, Object> form, UUID eventId) {
    }

    /** The rollback's bars; {@code attempts} how many attempts were authorized (a second one's bars are "id@2"). */
    /**
     * @param workloadDown from the stop requested (2.1 began) to the restarted workload running (2.6's or 2.6U's
     *                     {@code downtimeMs}): status DOWN until then, UP after; {@code null} before 2.1 completed
     */
    public record Execution(Instant start, Instant end, Long durationMs, int attempts, List<Bar> phases, List<Bar> steps,
                            Bar workloadDown, List<UUID> eventIds) {
    }

    /** A phase or a step as a bar: start, end, status, and what it produced. */
    public record Bar(String id, int phase, String name, Instant start, Instant end, Long durationMs, String status,
                      Map<String, String> outputs, List<UUID> eventIds) {
    }

    public record Verification(List<Stage> stages, List<UUID> eventIds) {
    }

    public record Stage(String stage, String verdict, int passed, int failed, int inconclusive, List<String> failedChecks,
                        List<Check> checks, Instant at, String report, List<UUID> eventIds) {
    }

    public record Check(String name, String status, String expected, String found, String detail, long durationMs, CheckKind kind) {
    }

    public record Resolution(String status, String rootCause, String redeploymentPlan, List<String> lessons,
                             List<String> actionItems, Instant meetingAt, String rootCauseAnalysis, Ending ended, List<SignedOff> signOffs,
                             Heightened heightened, Ending redeploymentEnded, List<UUID> eventIds) {
    }

    /**
     * The hotfix's heightened monitoring (runbook "Deployment with Enhanced Monitoring"): from its version's first
     * signal until {@code endsAt}; {@code outcome} PASSED or BREACHED once over (null while it runs), with the
     * incidents of the deployment that opened during it.
     */
    public record Heightened(String version, Instant startedAt, Instant endsAt, double thresholdFactor, double windowFactor,
                             Instant endedAt, String outcome, List<UUID> incidentsOpened, List<UUID> eventIds) {
    }

    /** A hotfix sign-off after the rollback ({@code hotfix.signed-off}). */
    public record SignedOff(Instant at, String version, String signOff, String actor, String role, UUID eventId) {
    }

    /**
     * How the incident ended ({@code incident.resolved}): when, why, by whom; {@code null} while it is open. In
     * {@code redeploymentEnded}, a lead's later ending of an incident its complete checklist ended: the redeployment's end.
     */
    public record Ending(Instant at, String reason, String summary, String actor, String role, String hotfixVersion, UUID eventId) {
    }

    /** One item of the runbook's Rollback Coordination Checklist, checked by the event that proves it. */
    public record ChecklistItem(String when, String item, boolean checked, Instant at, String evidence, UUID eventId) {
    }

    /** A point on the page: a decision, an escalation, an authorization. */
    public record Marker(Instant at, String kind, String label, UUID eventId) {
    }

    public record Notice(Instant at, Channel channel, String recipient, String outcome, String detail, UUID eventId) {
    }
}
