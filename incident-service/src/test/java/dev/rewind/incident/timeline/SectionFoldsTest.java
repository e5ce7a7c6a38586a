package dev.rewind.incident.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent.AuthorizationRefused;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.Channel;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.IncidentResolved;
import dev.rewind.events.ResolutionReason;
import dev.rewind.events.ManualReason;
import dev.rewind.events.NotificationEvent.NotificationFailed;
import dev.rewind.events.Origin;
import dev.rewind.events.PhaseEvent.CommandRefused;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.RewindEvent;
import dev.rewind.incident.timeline.Timeline.AuthorizationEntry;
import dev.rewind.incident.timeline.Timeline.Bar;
import dev.rewind.incident.timeline.Timeline.Marker;
import dev.rewind.incident.timeline.Timeline.Notice;

import static dev.rewind.incident.timeline.IncidentStreams.INCIDENT;
import static dev.rewind.incident.timeline.IncidentStreams.at;
import static dev.rewind.incident.timeline.IncidentStreams.id;
import static org.assertj.core.api.Assertions.assertThat;

/** Each section's fold alone: given events, then the section; events a section does not tell of leave it as it was. */
class SectionFoldsTest {

    private static <S> S fold(SectionFold<S> fold, List<? extends RewindEvent> events) {
        events.forEach(fold::apply);
        return fold.section();
    }

    @Test
    void detection_is_the_opening_and_the_first_classification_only() {
        assertThat(fold(new DetectionFold(), IncidentStreams.tierOne()))
                .isEqualTo(new Timeline.Detection(at(0), "prometheus", "monitoring signal", null, List.of(id(1), id(2))));
    }

    @Test
    void a_manual_detection_carries_its_reason_and_description() {
        IncidentOpened manual = new IncidentOpened(id(1), INCIDENT, at(0), "wf", "2.0.0", Origin.MANUAL,
                ManualReason.UNDISCOVERED_CRITICAL_BUG, "rows lost in billing", "tess");
        assertThat(fold(new DetectionFold(), List.of(manual)))
                .isEqualTo(new Timeline.Detection(at(0), "tess", "manual", "UNDISCOVERED_CRITICAL_BUG: rows lost in billing", List.of(id(1))));
    }

    @Test
    void investigation_holds_the_symptoms_and_the_diagnostics_of_step_1_2() {
        Timeline.Investigation investigation = fold(new InvestigationFold(), IncidentStreams.tierOne());
        assertThat(investigation.symptoms()).extracting(Timeline.Symptom::rule)
                .containsExactly("workflow_failure_rate > 0.2 for 5m (tier 1)");
        assertThat(investigation.diagnostics()).containsEntry("diagnostics", "/diag/rollback-20261125-100002");
        assertThat(investigation.eventIds()).containsExactly(id(2), id(6));
    }

    @Test
    void authorization_lists_requests_grants_and_refusals_with_their_forms_then_the_go_signal() {
        List<RewindEvent> events = List.of(
                new AuthorizationRequested(id(1), INCIDENT, at(0), "wf", 2, List.of("tech-lead", "product-manager"), "SEVERE: two people"),
                new AuthorizationRefused(id(2), INCIDENT, at(1), "mallory", List.of("analyst"), "not a lead", null),
                new AuthorizationRequested(id(3), INCIDENT, at(2), "wf", 2, List.of("tech-lead"), "again"));
        Timeline.Authorization authorization = fold(new AuthorizationFold(), events);
        assertThat(authorization.requestedAt()).isEqualTo(at(0));
        assertThat(authorization.requiredRoles()).containsExactly("tech-lead");
        assertThat(authorization.entries()).extracting(AuthorizationEntry::kind, AuthorizationEntry::actor, AuthorizationEntry::form)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("requested", null, null),
                        org.assertj.core.groups.Tuple.tuple("refused", "mallory", Map.of("reason", "not a lead")),
                        org.assertj.core.groups.Tuple.tuple("requested", null, null));
        assertThat(authorization.authorizedBy()).isNull();

        Timeline.Authorization tierOne = fold(new AuthorizationFold(), IncidentStreams.tierOne());
        assertThat(tierOne.authorizedBy()).isEqualTo("policy:tier1");
        assertThat(tierOne.eventIds()).containsExactly(id(3));
    }

    @Test
    void execution_is_a_bar_per_phase_and_step_and_a_failed_step_keeps_its_cause() {
        Timeline.Execution execution = fold(new ExecutionFold(), IncidentStreams.tierOne());
        assertThat(execution.durationMs()).isEqualTo(88_000);
        assertThat(execution.phases()).extracting(Bar::status).containsOnly("COMPLETED");

        List<RewindEvent> failing = List.of(
                new StepFailed(id(1), INCIDENT, at(10), 2, "2.3", "Restore the good version", 4000, "disk full"),
                new RollbackFailed(id(2), INCIDENT, at(12), "wf", "2.3 failed: disk full", List.of()));
        Timeline.Execution failed = fold(new ExecutionFold(), failing);
        assertThat(failed.steps()).singleElement().satisfies(bar -> {
            assertThat(bar.status()).isEqualTo("FAILED");
            assertThat(bar.start()).isEqualTo(at(6));
            assertThat(bar.outputs()).isEqualTo(Map.of("cause", "disk full"));
        });
        assertThat(failed.start()).isNull();
        assertThat(failed.end()).isEqualTo(at(12));
        assertThat(failed.durationMs()).isNull();
        assertThat(failed.eventIds()).containsExactly(id(1), id(2));
    }

    @Test
    void verification_shows_a_stage_once_its_verdict_is_in_with_the_checks_before_it() {
        List<RewindEvent> stream = IncidentStreams.tierOne();
        assertThat(fold(new VerificationFold(), stream.subList(0, 14)).stages()).isEmpty();
        Timeline.Verification verification = fold(new VerificationFold(), stream);
        assertThat(verification.stages()).extracting(s -> s.stage() + " " + s.checks().size())
                .containsExactly("VALIDATION 1", "SMOKE 2");
        assertThat(verification.eventIds()).containsExactly(id(14), id(15), id(21), id(22), id(23));
    }

    @Test
    void resolution_takes_the_latest_notes_and_names_the_ending_events() {
        ResolutionFold fold = new ResolutionFold();
        IncidentStreams.tierOne().forEach(fold::apply);
        fold.apply(new IncidentResolved(id(40), INCIDENT, at(4000), ResolutionReason.LEAD_DECISION, "restored 1.0.0 and reviewed", null,
                "alice", "tech-lead", null));
        Timeline.Resolution resolution = fold.section("RESOLVED");
        assertThat(resolution.status()).isEqualTo("RESOLVED");
        assertThat(resolution.rootCauseAnalysis()).isEqualTo("Complete");
        assertThat(resolution.meetingAt()).isEqualTo(Instant.parse("2026-11-26T15:00:00Z"));
        assertThat(resolution.eventIds()).containsExactly(id(26), id(29), id(40));
        assertThat(new ResolutionFold().section(null).rootCauseAnalysis()).isEqualTo("In progress");
    }

    @Test
    void markers_put_each_decision_on_the_axis_including_a_refused_command() {
        List<Marker> markers = fold(new MarkerFold(), List.of(
                new CommandRefused(id(1), INCIDENT, at(0), "rewind.authorizations", "rewind.authorizations-0@7", "rollback.authorized",
                        id(9), "unsigned")));
        assertThat(markers).containsExactly(new Marker(at(0), "security",
                "executor refused an unproven rollback.authorized on rewind.authorizations: unsigned", id(1)));
        assertThat(fold(new MarkerFold(), IncidentStreams.tierOne())).extracting(Marker::label).containsExactly(
                "incident opened (monitoring signal)", "tier 1: workflow_failure_rate > 0.2 for 5m (tier 1)",
                "rollback authorized by policy:tier1", "VALIDATION PASSED", "SMOKE PASSED", "restored 1.0.0");
    }

    @Test
    void notices_tell_who_was_told_and_what_failed() {
        List<Notice> notices = fold(new NoticeFold(), List.of(
                new NotificationFailed(id(1), INCIDENT, at(0), id(9), Channel.PAGER, "oncall", "HTTP 500", 5)));
        assertThat(notices).containsExactly(new Notice(at(0), Channel.PAGER, "oncall", "failed", "HTTP 500", id(1)));
        assertThat(fold(new NoticeFold(), IncidentStreams.tierOne())).extracting(Notice::outcome).containsExactly("delivered", "delivered");
    }

    @Test
    void the_workload_is_down_from_the_stop_requested_until_2_6_reports_it_running_and_a_restart_of_the_untouched_version_ends_it_too() {
        StepCompleted stop = new StepCompleted(id(1), INCIDENT, at(10), 2, "2.1", "Stop all workflow processes", 400, Map.of("stopped", "1"));
        Timeline.Execution stopped = fold(new ExecutionFold(), List.of(stop));
        assertThat(stopped.workloadDown()).satisfies(bar -> {
            assertThat(bar.status()).isEqualTo("DOWN");
            assertThat(bar.start()).isEqualTo(at(10).minusMillis(400));
            assertThat(bar.end()).isNull();
        });

        Timeline.Execution restarted = fold(new ExecutionFold(), List.of(stop,
                new StepCompleted(id(2), INCIDENT, at(11), 2, "2.4S", "Put the validated version in place", 20, Map.of("swap", "exchange")),
                new StepCompleted(id(3), INCIDENT, at(12), 2, "2.6", "Start the restored workflow", 500, Map.of("downtimeMs", "900"))));
        assertThat(restarted.workloadDown()).satisfies(bar -> {
            assertThat(bar.status()).isEqualTo("UP");
            assertThat(bar.durationMs()).isEqualTo(900L);
            assertThat(bar.end()).isEqualTo(at(10).minusMillis(400).plusMillis(900));
            assertThat(bar.eventIds()).containsExactly(id(1), id(3));
        });
        assertThat(PostMortem.markdown(TimelineFold.fold(INCIDENT, List.of(IncidentStreams.tierOne().get(0), stop,
                new StepCompleted(id(3), INCIDENT, at(12), 2, "2.6U", "Restart the untouched version", 500, Map.of("downtimeMs", "1500"))), null)))
                .contains("- Workload down: 1.5 s (stop requested 2026-11-25 10:00:09 UTC, untouched version running");

        assertThat(fold(new ExecutionFold(), List.of(stop, new StepCompleted(id(3), INCIDENT, at(12), 2, "2.6", "Start", 500,
                Map.of("downtimeMs", "-5")))).workloadDown().status()).as("a downtime that is not a count of milliseconds is not believed")
                .isEqualTo("DOWN");
        assertThat(fold(new ExecutionFold(), IncidentStreams.tierOne().subList(0, 3)).workloadDown()).as("never stopped").isNull();
    }

    @Test
    void a_step_run_again_is_one_bar_naming_every_run_in_order() {
        List<RewindEvent> runs = List.of(
                new dev.rewind.events.PhaseEvent.StepCompleted(id(1), INCIDENT, at(10), 2, "2.3", "Restore", 1000, Map.of("restoredFiles", "1")),
                new StepFailed(id(2), INCIDENT, at(20), 2, "2.3", "Restore", 1000, "disk full"),
                new dev.rewind.events.PhaseEvent.StepCompleted(id(3), INCIDENT, at(30), 2, "2.3", "Restore", 1000, Map.of("restoredFiles", "40")));
        Timeline.Execution execution = fold(new ExecutionFold(), runs);
        assertThat(execution.steps()).singleElement().satisfies(bar -> {
            assertThat(bar.status()).isEqualTo("COMPLETED");
            assertThat(bar.outputs()).containsEntry("restoredFiles", "40");
            assertThat(bar.eventIds()).containsExactly(id(1), id(2), id(3));
        });
    }

    @Test
    void no_critical_errors_in_logs_is_checked_by_a_clean_log_check_since_the_restart_and_only_by_one() {
        StepCompleted clean = new StepCompleted(id(60), INCIDENT, at(92), 3, "3.L", "Check the logs since the restart for critical errors", 5,
                Map.of("errorLines", "0", "firstErrors", "", "logsChecked", "2"));
        StepCompleted dirty = new StepCompleted(id(61), INCIDENT, at(92), 3, "3.L", "Check the logs since the restart for critical errors", 5,
                Map.of("errorLines", "3", "firstErrors", "app.log: CRITICAL mcp unreachable", "logsChecked", "2"));

        List<Timeline.ChecklistItem> checked = fold(new Checklist(), List.of(clean));
        List<Timeline.ChecklistItem> unchecked = fold(new Checklist(), List.of(dirty));

        assertThat(checked).filteredOn(i -> i.item().equals("No critical errors in logs")).singleElement()
                .satisfies(i -> assertThat(i.evidence()).isEqualTo("no ERROR, CRITICAL or FAILED line in 2 log files since the restart"))
                .satisfies(i -> assertThat(i.checked()).isTrue());
        assertThat(unchecked).filteredOn(i -> i.item().equals("No critical errors in logs")).singleElement()
                .satisfies(i -> assertThat(i.checked()).isFalse());
    }
}
