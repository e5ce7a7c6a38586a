package dev.rewind.incident.timeline;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.rewind.events.AuthorizationEvent.AuthorizationDenied;
import dev.rewind.events.AuthorizationEvent.AuthorizationGranted;
import dev.rewind.events.AuthorizationEvent.AuthorizationRefused;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.IncidentEvent.IncidentAcknowledged;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentEscalated;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentResolved;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.NotificationEvent.NotificationDelivered;
import dev.rewind.events.NotificationEvent.NotificationFailed;
import dev.rewind.events.Origin;
import dev.rewind.events.PhaseEvent.CommandRefused;
import dev.rewind.events.PhaseEvent.PhaseCompleted;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.RunbookStep;
import dev.rewind.events.VerificationEvent.CheckCompleted;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.events.codec.EventJson;
import dev.rewind.incident.domain.Incident;
import dev.rewind.incident.timeline.Timeline.AuthorizationEntry;
import dev.rewind.incident.timeline.Timeline.Bar;
import dev.rewind.incident.timeline.Timeline.Check;
import dev.rewind.incident.timeline.Timeline.Marker;
import dev.rewind.incident.timeline.Timeline.Notice;
import dev.rewind.incident.timeline.Timeline.Stage;
import dev.rewind.incident.timeline.Timeline.Symptom;

/**
 * The timeline as a pure function of an incident's stream: the same events give the same timeline,
 * whether they come from the store or from an exported JSON Lines file. {@code asOf} keeps the events
 * that had happened by then.
 */
public final class TimelineFold {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final UUID incidentId;
    private final Instant asOf;
    private Incident incident = Incident.NONE;
    private int count;

    private Instant detectedAt;
    private String detectedBy;
    private String detectedHow;
    private String detectedDetail;
    private final List<UUID> detectionIds = new ArrayList<>();
    private final List<Symptom> symptoms = new ArrayList<>();
    private final Map<String, String> diagnostics = new LinkedHashMap<>();
    private final List<UUID> investigationIds = new ArrayList<>();
    private Instant requestedAt;
    private List<String> requiredRoles = List.of();
    private final List<AuthorizationEntry> authorizations = new ArrayList<>();
    private String authorizedBy;
    private Instant authorizedAt;
    private final List<UUID> authorizationIds = new ArrayList<>();
    private Instant rollbackStart;
    private Instant rollbackEnd;
    private Long rollbackDuration;
    private final Map<Integer, Bar> phases = new LinkedHashMap<>();
    private final Map<String, Bar> steps = new LinkedHashMap<>();
    private final List<UUID> executionIds = new ArrayList<>();
    private final Map<UUID, List<Check>> checks = new LinkedHashMap<>();
    private final Map<UUID, List<UUID>> checkIds = new LinkedHashMap<>();
    private final List<Stage> stages = new ArrayList<>();
    private final List<UUID> verificationIds = new ArrayList<>();
    private String rootCause;
    private String redeploymentPlan;
    private final List<String> lessons = new ArrayList<>();
    private final List<String> actionItems = new ArrayList<>();
    private Instant meetingAt;
    private String resolution;
    private final List<UUID> resolutionIds = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private final List<Notice> notices = new ArrayList<>();
    private final Checklist checklist = new Checklist();

    private TimelineFold(UUID incidentId, Instant asOf) {
        this.incidentId = incidentId;
        this.asOf = asOf;
    }

    /** A fold fed event by event, in stream order, with every event (no {@code asOf}); read it at any point. */
    public static TimelineFold of(UUID incidentId) {
        return new TimelineFold(incidentId, null);
    }

    /** @param asOf null for "now": every event */
    public static Timeline fold(UUID incidentId, List<? extends RewindEvent> stream, Instant asOf) {
        TimelineFold fold = new TimelineFold(incidentId, asOf);
        for (RewindEvent event : stream) {
            if (asOf == null || !event.occurredAt().isAfter(asOf)) {
                fold.apply(event);
            }
        }
        return fold.timeline();
    }

    public void apply(RewindEvent event) {
        count++;
        incident = incident.apply(event);
        checklist.apply(event);
        switch (event.type()) {
            case INCIDENT_OPENED -> opened((IncidentOpened) event);
            case INCIDENT_CLASSIFIED -> classified((IncidentClassified) event);
            case INCIDENT_TRIAGED -> {
                IncidentTriaged triaged = (IncidentTriaged) event;
                marker(event, "decision", "triage " + triaged.severity() + " → " + triaged.decision() + " by " + triaged.actor());
                investigationIds.add(event.eventId());
            }
            case INCIDENT_ASSESSED -> investigationIds.add(event.eventId());
            case INCIDENT_ESCALATED -> {
                IncidentEscalated escalated = (IncidentEscalated) event;
                marker(event, "escalation", "escalated to " + escalated.role() + " (level " + escalated.level() + ")");
            }
            case INCIDENT_ACKNOWLEDGED -> marker(event, "acknowledgement", "acknowledged by " + ((IncidentAcknowledged) event).actor());
            case INCIDENT_RESOLVED -> {
                IncidentResolved resolved = (IncidentResolved) event;
                resolution = resolved.resolution() + (resolved.summary() == null ? "" : ": " + resolved.summary());
                resolutionIds.add(event.eventId());
            }
            case POSTMORTEM_NOTED -> noted((PostmortemNoted) event);
            case AUTHORIZATION_REQUESTED -> {
                AuthorizationRequested requested = (AuthorizationRequested) event;
                requestedAt = requestedAt == null ? event.occurredAt() : requestedAt;
                requiredRoles = requested.requiredRoles();
                authorization(event, "requested", null, String.join(", ", requested.requiredRoles()), null);
                marker(event, "authorization", "authorization requested from " + String.join(", ", requested.requiredRoles()));
            }
            case AUTHORIZATION_GRANTED -> {
                AuthorizationGranted granted = (AuthorizationGranted) event;
                authorization(event, "granted", granted.actor(), granted.role(), form(granted.form()));
                marker(event, "authorization", "approved by " + granted.actor() + " (" + granted.role() + ")");
            }
            case AUTHORIZATION_DENIED -> {
                AuthorizationDenied denied = (AuthorizationDenied) event;
                authorization(event, "denied", denied.actor(), denied.role(), form(denied.form()));
                marker(event, "authorization", "denied by " + denied.actor() + " (" + denied.role() + ")");
            }
            case AUTHORIZATION_REFUSED -> {
                AuthorizationRefused refused = (AuthorizationRefused) event;
                authorization(event, "refused", refused.actor(), String.join(", ", refused.roles()), Map.of("reason", refused.reason()));
            }
            case ROLLBACK_AUTHORIZED -> {
                RollbackAuthorized authorized = (RollbackAuthorized) event;
                authorizedBy = authorized.actor();
                authorizedAt = event.occurredAt();
                authorization(event, "rollback authorized", authorized.actor(), null,
                        authorized.reason() == null ? null : Map.of("reason", authorized.reason()));
                marker(event, "authorization", "rollback authorized by " + authorized.actor());
            }
            case PHASE_STARTED -> phaseStarted((PhaseStarted) event);
            case STEP_COMPLETED -> stepCompleted((StepCompleted) event);
            case STEP_FAILED -> stepFailed((StepFailed) event);
            case PHASE_COMPLETED -> phaseCompleted((PhaseCompleted) event);
            case VERIFICATION_REQUESTED -> executionIds.add(event.eventId());
            case ROLLBACK_COMPLETED -> {
                RollbackCompleted completed = (RollbackCompleted) event;
                rollbackEnd = event.occurredAt();
                rollbackDuration = completed.durationMs();
                executionIds.add(event.eventId());
                resolutionIds.add(event.eventId());
                marker(event, "outcome", "restored " + completed.toVersion());
            }
            case ROLLBACK_FAILED -> {
                RollbackFailed failed = (RollbackFailed) event;
                rollbackEnd = event.occurredAt();
                executionIds.add(event.eventId());
                resolutionIds.add(event.eventId());
                marker(event, "outcome", "rollback failed: " + failed.reason());
            }
            case COMMAND_REFUSED -> {
                CommandRefused refused = (CommandRefused) event;
                executionIds.add(event.eventId());
                marker(event, "security", "executor refused an unproven "
                        + (refused.refusedType() == null ? "record" : refused.refusedType()) + " on " + refused.topic() + ": " + refused.reason());
            }
            case CHECK_COMPLETED -> {
                CheckCompleted check = (CheckCompleted) event;
                checks.computeIfAbsent(check.verificationId(), id -> new ArrayList<>()).add(new Check(check.check(),
                        check.status().name(), check.expected(), check.found(), check.detail(), check.durationMs(), check.kind()));
                checkIds.computeIfAbsent(check.verificationId(), id -> new ArrayList<>()).add(event.eventId());
            }
            case VERIFICATION_COMPLETED -> verified((VerificationCompleted) event);
            case NOTIFICATION_DELIVERED -> {
                NotificationDelivered delivered = (NotificationDelivered) event;
                notices.add(new Notice(event.occurredAt(), delivered.channel(), delivered.recipient(), "delivered",
                        delivered.subject(), event.eventId()));
            }
            case NOTIFICATION_FAILED -> {
                NotificationFailed failed = (NotificationFailed) event;
                notices.add(new Notice(event.occurredAt(), failed.channel(), failed.recipient(), "failed", failed.reason(),
                        event.eventId()));
            }
        }
    }

    private void opened(IncidentOpened opened) {
        detectedAt = opened.occurredAt();
        detectedBy = opened.openedBy();
        detectedHow = switch (opened.origin()) {
            case SIGNAL -> "monitoring signal";
            case USER_REPORT -> "user report";
            case MANUAL -> "manual";
        };
        detectedDetail = opened.origin() == Origin.SIGNAL ? null
                : (opened.manualReason() == null ? "" : opened.manualReason() + ": ") + (opened.description() == null ? "" : opened.description());
        detectionIds.add(opened.eventId());
        marker(opened, "detection", "incident opened (" + detectedHow + ")");
    }

    private void classified(IncidentClassified classified) {
        String samples = classified.evidence().stream().map(s -> s.value() + " at " + CLOCK.format(s.observedAt()))
                .collect(Collectors.joining(", "));
        symptoms.add(new Symptom(classified.occurredAt(), classified.tier(), classified.rule(), classified.metric(), samples,
                classified.eventId()));
        if (detectionIds.size() == 1) {
            detectionIds.add(classified.eventId());
        }
        investigationIds.add(classified.eventId());
        marker(classified, "decision", "tier " + classified.tier() + ": " + classified.rule());
    }

    private void noted(PostmortemNoted noted) {
        if (noted.rootCause() != null) {
            rootCause = noted.rootCause();
        }
        if (noted.redeploymentPlan() != null) {
            redeploymentPlan = noted.redeploymentPlan();
        }
        if (noted.meetingAt() != null) {
            meetingAt = noted.meetingAt();
        }
        lessons.addAll(noted.lessons());
        actionItems.addAll(noted.actionItems());
        resolutionIds.add(noted.eventId());
    }

    private void phaseStarted(PhaseStarted started) {
        rollbackStart = rollbackStart == null ? started.occurredAt() : rollbackStart;
        phases.put(started.phase(), new Bar(Integer.toString(started.phase()), started.phase(), started.name(), started.occurredAt(),
                null, null, "RUNNING", Map.of(), List.of(started.eventId())));
        executionIds.add(started.eventId());
    }

    private void phaseCompleted(PhaseCompleted completed) {
        Bar bar = phases.get(completed.phase());
        Instant start = bar == null ? completed.occurredAt().minusMillis(completed.durationMs()) : bar.start();
        phases.put(completed.phase(), new Bar(Integer.toString(completed.phase()), completed.phase(), completed.name(), start,
                completed.occurredAt(), completed.durationMs(), "COMPLETED", Map.of(), ids(bar, completed.eventId())));
        executionIds.add(completed.eventId());
    }

    private void stepCompleted(StepCompleted step) {
        steps.put(step.step(), new Bar(step.step(), step.phase(), step.name(), step.occurredAt().minusMillis(step.durationMs()),
                step.occurredAt(), step.durationMs(), "COMPLETED", step.outputs(), ids(steps.get(step.step()), step.eventId())));
        executionIds.add(step.eventId());
        if (step.runbookStep() == RunbookStep.DIAGNOSTICS) {
            diagnostics.putAll(step.outputs());
            investigationIds.add(step.eventId());
        }
    }

    private void stepFailed(StepFailed step) {
        steps.put(step.step(), new Bar(step.step(), step.phase(), step.name(), step.occurredAt().minusMillis(step.durationMs()),
                step.occurredAt(), step.durationMs(), "FAILED", Map.of("cause", step.cause()), ids(steps.get(step.step()), step.eventId())));
        executionIds.add(step.eventId());
    }

    private void verified(VerificationCompleted verdict) {
        List<UUID> ids = new ArrayList<>(checkIds.getOrDefault(verdict.verificationId(), List.of()));
        ids.add(verdict.eventId());
        stages.add(new Stage(verdict.stage().name(), verdict.verdict().name(), verdict.passed(), verdict.failed(), verdict.inconclusive(),
                verdict.failedChecks(), List.copyOf(checks.getOrDefault(verdict.verificationId(), List.of())), verdict.occurredAt(),
                verdict.report(), List.copyOf(ids)));
        verificationIds.addAll(ids);
        marker(verdict, "verification", verdict.stage() + " " + verdict.verdict());
    }

    private void authorization(RewindEvent event, String kind, String actor, String role, Map<String, Object> form) {
        authorizations.add(new AuthorizationEntry(event.occurredAt(), kind, actor, role, form, event.eventId()));
        authorizationIds.add(event.eventId());
    }

    private void marker(RewindEvent event, String kind, String label) {
        markers.add(new Marker(event.occurredAt(), kind, label, event.eventId()));
    }

    private static Map<String, Object> form(Object form) {
        return EventJson.MAPPER.convertValue(form, new TypeReference<>() {
        });
    }

    private static List<UUID> ids(Bar earlier, UUID eventId) {
        List<UUID> ids = new ArrayList<>(earlier == null ? List.of() : earlier.eventIds());
        ids.add(eventId);
        return List.copyOf(ids);
    }

    /** The timeline of the events applied so far. */
    public Timeline timeline() {
        Long duration = rollbackDuration != null ? rollbackDuration
                : rollbackStart != null && rollbackEnd != null ? Duration.between(rollbackStart, rollbackEnd).toMillis() : null;
        String status = incident.exists() ? incident.status().name() : null;
        return new Timeline(incidentId, asOf, incident.exists() ? incident.deployment() : null, incident.exists() ? incident.version() : null,
                status,
                new Timeline.Detection(detectedAt, detectedBy, detectedHow, detectedDetail, List.copyOf(detectionIds)),
                new Timeline.Investigation(List.copyOf(symptoms), Map.copyOf(diagnostics), List.copyOf(investigationIds)),
                new Timeline.Authorization(requestedAt, requiredRoles, List.copyOf(authorizations), authorizedBy, authorizedAt,
                        List.copyOf(authorizationIds)),
                new Timeline.Execution(rollbackStart, rollbackEnd, duration, List.copyOf(phases.values()), List.copyOf(steps.values()),
                        List.copyOf(executionIds)),
                new Timeline.Verification(List.copyOf(stages), List.copyOf(verificationIds)),
                new Timeline.Resolution(status, rootCause, redeploymentPlan, List.copyOf(lessons), List.copyOf(actionItems), meetingAt,
                        rootCause == null ? "In progress" : "Complete", List.copyOf(resolutionIds)),
                checklist.items(), List.copyOf(markers), List.copyOf(notices), count);
    }
}
