package dev.rewind.incident.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.Channel;
import dev.rewind.events.CheckKind;
import dev.rewind.events.CheckStatus;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentTriaged;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.IncidentEvent.PostmortemScheduled;
import dev.rewind.events.NotificationEvent.NotificationDelivered;
import dev.rewind.events.Origin;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.StepOutput;
import dev.rewind.events.TriageDecision;
import dev.rewind.events.Verdict;
import dev.rewind.events.VerificationEvent.CheckCompleted;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.events.VerificationStage;
import dev.rewind.incident.timeline.Timeline.ChecklistItem;

/**
 * The runbook's Rollback Coordination Checklist as derived state: each item is checked by the first
 * event that proves it, with its time and evidence. Items no event proved (logs with errors since
 * the restart, a post-mortem not yet scheduled) stay visibly unchecked.
 */
final class Checklist implements SectionFold<List<ChecklistItem>> {
    static final String PRE = "pre-rollback";
    static final String DURING = "during rollback";
    static final String POST = "post-rollback";
    static final List<String[]> ITEMS = List.of(
            new String[] {PRE, "Critical issue confirmed"},
            new String[] {PRE, "Backup verified"},
            new String[] {PRE, "Rollback authorized"},
            new String[] {PRE, "Stakeholders notified"},
            new String[] {PRE, "All running workflows paused"},
            new String[] {PRE, "Diagnostic data collected"},
            new String[] {DURING, "Current (broken) version backed up"},
            new String[] {DURING, "Good version restored from backup"},
            new String[] {DURING, "All files verified"},
            new String[] {DURING, "Syntax validation passed"},
            new String[] {DURING, "Services restarted"},
            new String[] {DURING, "Smoke tests passed"},
            new String[] {POST, "Users notified of restoration"},
            new String[] {POST, "All users can access workflow"},
            new String[] {POST, "Knowledge MCP responding"},
            new String[] {POST, "Performance acceptable"},
            new String[] {POST, "No critical errors in logs"},
            new String[] {POST, "Post-mortem scheduled"});

    private final Map<String, ChecklistItem> checked = new LinkedHashMap<>();
    private UUID rollbackCompletedId;
    private final List<CheckCompleted> validationChecks = new ArrayList<>();
    /**
     * Every delivery so far: the notifier's report and the executor's rollback.completed come on different
     * topics, so the stream may hold the all-clear's delivery before the event it announces.
     */
    private final List<NotificationDelivered> deliveries = new ArrayList<>();

    @Override
    public void apply(RewindEvent event) {
        switch (event.type()) {
            case INCIDENT_OPENED -> {
                IncidentOpened opened = (IncidentOpened) event;
                if (opened.origin() != Origin.SIGNAL) {
                    check("Critical issue confirmed", event, "opened by " + opened.openedBy() + " (" + opened.origin() + ")");
                }
            }
            case INCIDENT_CLASSIFIED -> {
                IncidentClassified classified = (IncidentClassified) event;
                if (classified.tier() <= 2) {
                    check("Critical issue confirmed", event, classified.rule());
                }
            }
            case INCIDENT_TRIAGED -> {
                IncidentTriaged triaged = (IncidentTriaged) event;
                if (triaged.decision() == TriageDecision.ROLLBACK || triaged.decision() == TriageDecision.ROLLBACK_IMMEDIATELY) {
                    check("Critical issue confirmed", event, triaged.severity() + " by " + triaged.actor());
                }
            }
            case ROLLBACK_AUTHORIZED -> check("Rollback authorized", event, "by " + ((RollbackAuthorized) event).actor());
            case STEP_COMPLETED -> step((StepCompleted) event);
            case CHECK_COMPLETED -> {
                CheckCompleted result = (CheckCompleted) event;
                if (result.status() == CheckStatus.PASSED) {
                    if (result.stage() == VerificationStage.SMOKE && result.kind() == CheckKind.STEP_ONE_LOADS) {
                        check("All users can access workflow", event, result.check() + ": " + value(result.found()));
                    }
                    if (result.kind() == CheckKind.KNOWLEDGE_MCP) {
                        check("Knowledge MCP responding", event, result.check() + ": " + value(result.found()));
                        check("Performance acceptable", event, "Knowledge MCP answered within its limit: " + value(result.found()));
                    }
                }
                if (result.stage() == VerificationStage.VALIDATION && result.kind() == CheckKind.YAML_PARSES) {
                    validationChecks.add(result);
                }
            }
            case VERIFICATION_COMPLETED -> {
                VerificationCompleted verdict = (VerificationCompleted) event;
                if (verdict.verdict() == Verdict.PASSED && verdict.stage() == VerificationStage.VALIDATION) {
                    check("All files verified", event, verdict.passed() + " validation checks passed");
                    long yaml = validationChecks.stream().filter(c -> c.verificationId().equals(verdict.verificationId())).count();
                    check("Syntax validation passed", event, yaml + " YAML files parse");
                }
                if (verdict.verdict() == Verdict.PASSED && verdict.stage() == VerificationStage.SMOKE) {
                    check("Smoke tests passed", event, verdict.passed() + " smoke checks passed");
                }
            }
            case ROLLBACK_COMPLETED -> {
                rollbackCompletedId = event.eventId();
                deliveries.forEach(this::checkUsersNotified);
            }
            case NOTIFICATION_DELIVERED -> {
                NotificationDelivered delivered = (NotificationDelivered) event;
                if (delivered.channel() != Channel.WEBHOOK) {
                    check("Stakeholders notified", event, delivered.channel() + " to " + delivered.recipient() + ": " + value(delivered.subject()));
                }
                deliveries.add(delivered);
                checkUsersNotified(delivered);
            }
            case POSTMORTEM_SCHEDULED -> {
                PostmortemScheduled scheduled = (PostmortemScheduled) event;
                check("Post-mortem scheduled", event, "meeting at " + scheduled.meetingAt() + " (" + scheduled.durationMinutes()
                        + " min) with " + String.join(", ", scheduled.participants()) + ", scheduled by " + scheduled.actor());
            }
            case POSTMORTEM_NOTED -> {
                PostmortemNoted noted = (PostmortemNoted) event;
                if (noted.meetingAt() != null) {
                    check("Post-mortem scheduled", event, "meeting at " + noted.meetingAt() + ", noted by " + noted.actor());
                }
            }
            default -> {
            }
        }
    }

    /** What a completed step proves; every step of the contract is named, so a new one must say. */
    private void step(StepCompleted step) {
        String source = or(step.output(StepOutput.SOURCE));
        String sha256 = or(step.output(StepOutput.SHA256));
        String all = new java.util.TreeMap<>(step.outputs()).toString(); // sorted: the same text on every replay
        String[] proof = switch (step.runbookStep()) {
            case DIAGNOSTICS -> new String[] {"Diagnostic data collected",
                    step.output(StepOutput.DIAGNOSTICS) == null ? "captured" : step.output(StepOutput.DIAGNOSTICS)};
            case SELECT_BACKUP -> new String[] {"Backup verified", source + " sha256 " + sha256};
            case STOP_WORKLOAD -> new String[] {"All running workflows paused", step.outputs().isEmpty() ? "stopped" : all};
            case ARCHIVE_BROKEN -> new String[] {"Current (broken) version backed up", or(step.output(StepOutput.ARCHIVE)) + " sha256 " + sha256};
            case RESTORE -> new String[] {"Good version restored from backup", or(step.output(StepOutput.RESTORED_FILES)) + " files from " + source};
            case START_WORKLOAD -> new String[] {"Services restarted", step.outputs().isEmpty() ? "started" : all};
            case LOG_CHECK -> "0".equals(step.output(StepOutput.ERROR_LINES)) ? new String[] {"No critical errors in logs",
                    "no ERROR, CRITICAL or FAILED line in " + or(step.output(StepOutput.LOGS_CHECKED)) + " log files since the restart"} : null;
            case VALIDATE, SWAP, SMOKE_TEST -> null; // proved by the verifier's verdicts, not by the step
            case RESTART_UNTOUCHED, REVERT, RETRY, DISCARD_BROKEN, COMPARE_VERSIONS -> null;
        };
        if (proof != null) {
            check(proof[0], step, proof[1]);
        }
    }

    private static String or(String output) {
        return output == null ? "?" : output;
    }

    private void checkUsersNotified(NotificationDelivered delivered) {
        if (delivered.sourceEventId().equals(rollbackCompletedId) && delivered.channel() != Channel.WEBHOOK
                && delivered.channel() != Channel.PAGER) {
            check("Users notified of restoration", delivered, delivered.channel() + " to " + delivered.recipient());
        }
    }

    private void check(String item, RewindEvent event, String evidence) {
        checked.putIfAbsent(item, new ChecklistItem(whenOf(item), item, true, event.occurredAt(), evidence, event.eventId()));
    }

    private static String whenOf(String item) {
        return ITEMS.stream().filter(i -> i[1].equals(item)).findFirst().map(i -> i[0]).orElseThrow();
    }

    private static String value(String text) {
        return text == null ? "" : text;
    }

    @Override
    public List<ChecklistItem> section() {
        return ITEMS.stream().map(i -> checked.getOrDefault(i[1], new ChecklistItem(i[0], i[1], false, null, null, null))).toList();
    }
}
