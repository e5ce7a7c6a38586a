package dev.rewind.executor.rollback;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rewind.executor.rollback.RollbackDecider.Recovery;
import dev.rewind.executor.rollback.RollbackDecider.Row;
import dev.rewind.executor.rollback.RollbackDecider.Status;
import dev.rewind.executor.rollback.RollbackDecider.Target;

import static org.assertj.core.api.Assertions.assertThat;

/** The executor's rules as plain functions: each rule beside the integration test that shows it on real disks. */
class RollbackDeciderTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static Map<String, Row> completedUpTo(PlannedStep last) {
        Map<String, Row> rows = new HashMap<>();
        for (PlannedStep step : PlannedStep.inOrder()) {
            rows.put(step.id(), new Row(Status.COMPLETED, T0));
            if (step == last) {
                break;
            }
        }
        return rows;
    }

    @Test
    void the_first_step_not_completed_runs_again_after_a_crash_and_a_finished_one_never_does() {
        assertThat(RollbackDecider.next(Map.of())).isEqualTo(new RollbackDecider.RunTogether(PlannedStep.DIAGNOSTICS, PlannedStep.SELECT_BACKUP));
        Map<String, Row> crashedInRestore = completedUpTo(PlannedStep.SELECT_BACKUP);
        crashedInRestore.put(PlannedStep.RESTORE.id(), new Row(Status.STARTED, T0));
        assertThat(RollbackDecider.next(crashedInRestore)).isEqualTo(new RollbackDecider.Run(PlannedStep.RESTORE));
        assertThat(RollbackDecider.next(completedUpTo(PlannedStep.ARCHIVE_BROKEN))).isEqualTo(new RollbackDecider.Finished());
    }

    @Test
    void diagnostics_and_the_backup_check_run_together_and_each_runs_alone_when_the_other_is_done() {
        assertThat(RollbackDecider.next(Map.of())).isEqualTo(new RollbackDecider.RunTogether(PlannedStep.DIAGNOSTICS, PlannedStep.SELECT_BACKUP));
        assertThat(RollbackDecider.next(Map.of(PlannedStep.SELECT_BACKUP.id(), new Row(Status.COMPLETED, T0))))
                .as("a crash after 1.3 alone").isEqualTo(new RollbackDecider.Run(PlannedStep.DIAGNOSTICS));
        assertThat(RollbackDecider.next(completedUpTo(PlannedStep.DIAGNOSTICS))).isEqualTo(new RollbackDecider.Run(PlannedStep.SELECT_BACKUP));
        assertThat(RollbackDecider.next(Map.of(PlannedStep.DIAGNOSTICS.id(), new Row(Status.COMPLETED, T0),
                PlannedStep.SELECT_BACKUP.id(), new Row(Status.FAILED, T0)))).as("1.3 failed beside a finished 1.2")
                .isEqualTo(new RollbackDecider.Stopped(PlannedStep.SELECT_BACKUP));
    }

    @Test
    void the_workload_is_down_only_for_the_swap_staging_and_validation_come_before_the_stop_and_the_archive_after_the_start() {
        assertThat(PlannedStep.inOrder()).containsExactly(PlannedStep.DIAGNOSTICS, PlannedStep.SELECT_BACKUP, PlannedStep.RESTORE,
                PlannedStep.VALIDATE, PlannedStep.STOP_WORKLOAD, PlannedStep.SWAP, PlannedStep.START_WORKLOAD, PlannedStep.SMOKE_TEST,
                PlannedStep.ARCHIVE_BROKEN);
        assertThat(PlannedStep.RESTORE.firstOfPhase()).as("phase 2 starts with staging").isTrue();
        assertThat(PlannedStep.STOP_WORKLOAD.firstOfPhase()).isFalse();
    }

    @Test
    void a_verification_step_is_requested_once_then_awaited() {
        Map<String, Row> restored = completedUpTo(PlannedStep.RESTORE);
        assertThat(RollbackDecider.next(restored)).isEqualTo(new RollbackDecider.RequestVerification(PlannedStep.VALIDATE));
        restored.put(PlannedStep.VALIDATE.id(), new Row(Status.WAITING, T0));
        assertThat(RollbackDecider.next(restored)).as("nothing is stopped before the staging is valid")
                .isEqualTo(new RollbackDecider.Await(PlannedStep.VALIDATE));
    }

    @Test
    void the_broken_version_is_archived_while_the_smoke_test_runs_and_the_rollback_ends_once_both_are_done() {
        Map<String, Row> started = completedUpTo(PlannedStep.START_WORKLOAD);
        assertThat(RollbackDecider.next(started)).isEqualTo(new RollbackDecider.RequestVerification(PlannedStep.SMOKE_TEST));
        started.put(PlannedStep.SMOKE_TEST.id(), new Row(Status.WAITING, T0));
        assertThat(RollbackDecider.next(started)).isEqualTo(new RollbackDecider.Run(PlannedStep.ARCHIVE_BROKEN));
        started.put(PlannedStep.ARCHIVE_BROKEN.id(), new Row(Status.COMPLETED, T0));
        assertThat(RollbackDecider.next(started)).isEqualTo(new RollbackDecider.Await(PlannedStep.SMOKE_TEST));
        started.put(PlannedStep.SMOKE_TEST.id(), new Row(Status.COMPLETED, T0));
        assertThat(RollbackDecider.next(started)).isEqualTo(new RollbackDecider.Finished());
    }

    @Test
    void the_staged_version_is_put_in_place_only_after_its_validation_passed() {
        Map<String, Row> staged = completedUpTo(PlannedStep.RESTORE);
        staged.put(PlannedStep.VALIDATE.id(), new Row(Status.WAITING, T0));
        assertThat(RollbackDecider.next(staged)).isNotIn(new RollbackDecider.Run(PlannedStep.SWAP), new RollbackDecider.Run(PlannedStep.STOP_WORKLOAD));
        assertThat(RollbackDecider.next(completedUpTo(PlannedStep.VALIDATE))).isEqualTo(new RollbackDecider.Run(PlannedStep.STOP_WORKLOAD));
        assertThat(RollbackDecider.next(completedUpTo(PlannedStep.STOP_WORKLOAD))).isEqualTo(new RollbackDecider.Run(PlannedStep.SWAP));
    }

    @Test
    void a_source_rejected_by_validation_sends_the_rollback_back_to_select_the_next_one_with_the_workload_still_running() {
        Map<String, Row> rejected = completedUpTo(PlannedStep.DIAGNOSTICS);
        assertThat(RollbackDecider.next(rejected)).isEqualTo(new RollbackDecider.Run(PlannedStep.SELECT_BACKUP));
        rejected.put(PlannedStep.SELECT_BACKUP.id(), new Row(Status.COMPLETED, T0));
        assertThat(RollbackDecider.next(rejected)).isEqualTo(new RollbackDecider.Run(PlannedStep.RESTORE));
    }

    @Test
    void a_failed_step_stops_the_rollback_there_even_while_a_verdict_is_awaited() {
        Map<String, Row> rows = completedUpTo(PlannedStep.STOP_WORKLOAD);
        rows.put(PlannedStep.SWAP.id(), new Row(Status.FAILED, T0));
        assertThat(RollbackDecider.next(rows)).isEqualTo(new RollbackDecider.Stopped(PlannedStep.SWAP));
        Map<String, Row> archiveFailed = completedUpTo(PlannedStep.START_WORKLOAD);
        archiveFailed.put(PlannedStep.SMOKE_TEST.id(), new Row(Status.WAITING, T0));
        archiveFailed.put(PlannedStep.ARCHIVE_BROKEN.id(), new Row(Status.FAILED, T0));
        assertThat(RollbackDecider.next(archiveFailed)).isEqualTo(new RollbackDecider.Stopped(PlannedStep.ARCHIVE_BROKEN));
    }

    @Test
    void a_failure_before_the_swap_with_the_workload_stopped_starts_the_untouched_version_again() {
        assertThat(RollbackDecider.afterFailure(PlannedStep.SWAP, completedUpTo(PlannedStep.STOP_WORKLOAD), Target.UNTOUCHED))
                .isEqualTo(Recovery.RESTART_UNTOUCHED);
    }

    @Test
    void a_failure_before_the_stop_leaves_the_broken_version_running_and_drops_only_the_staging() {
        assertThat(RollbackDecider.afterFailure(PlannedStep.VALIDATE, completedUpTo(PlannedStep.RESTORE), Target.UNTOUCHED))
                .as("the staged tree failed validation: nothing was stopped").isEqualTo(Recovery.DROP_STAGING);
        assertThat(RollbackDecider.afterFailure(PlannedStep.RESTORE, completedUpTo(PlannedStep.SELECT_BACKUP), Target.UNTOUCHED))
                .isEqualTo(Recovery.DROP_STAGING);
        assertThat(RollbackDecider.afterFailure(PlannedStep.SELECT_BACKUP, completedUpTo(PlannedStep.DIAGNOSTICS), Target.UNTOUCHED))
                .as("1.3 again, after a rejected source, finds no other").isEqualTo(Recovery.DROP_STAGING);
    }

    @Test
    void nothing_is_started_when_the_stop_itself_failed_and_its_staging_is_kept_for_the_retry() {
        assertThat(RollbackDecider.afterFailure(PlannedStep.STOP_WORKLOAD, completedUpTo(PlannedStep.VALIDATE), Target.UNTOUCHED))
                .isEqualTo(Recovery.NOTHING_TO_UNDO);
    }

    @Test
    void once_the_restored_version_is_in_place_the_operator_retries_or_reverts() {
        assertThat(RollbackDecider.afterFailure(PlannedStep.SMOKE_TEST, completedUpTo(PlannedStep.START_WORKLOAD), Target.SWAPPED))
                .isEqualTo(Recovery.RETRY_OR_REVERT);
        assertThat(RollbackDecider.afterFailure(PlannedStep.START_WORKLOAD, completedUpTo(PlannedStep.SWAP), Target.SWAPPED))
                .isEqualTo(Recovery.RETRY_OR_REVERT);
        assertThat(RollbackDecider.afterFailure(PlannedStep.ARCHIVE_BROKEN, completedUpTo(PlannedStep.SMOKE_TEST), Target.SWAPPED))
                .isEqualTo(Recovery.RETRY_OR_REVERT);
        assertThat(RollbackDecider.afterFailure(PlannedStep.SWAP, completedUpTo(PlannedStep.STOP_WORKLOAD), Target.ABSENT))
                .isEqualTo(Recovery.RETRY_OR_REVERT);
    }

    @Test
    void a_verdict_that_never_comes_times_out_by_the_clock_given() {
        Map<String, Row> waiting = completedUpTo(PlannedStep.RESTORE);
        waiting.put(PlannedStep.VALIDATE.id(), new Row(Status.WAITING, T0));
        Duration timeout = Duration.ofMinutes(30);
        assertThat(RollbackDecider.timedOut(waiting, T0.plus(Duration.ofMinutes(29)), timeout)).isEmpty();
        assertThat(RollbackDecider.timedOut(waiting, T0.plus(Duration.ofMinutes(31)), timeout)).containsExactly(PlannedStep.VALIDATE);
    }

    static final java.util.UUID INCIDENT = java.util.UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Test
    void another_attempt_starts_afresh_only_where_the_broken_version_is_in_place_as_it_was() {
        assertThat(RollbackDecider.whyNotAfresh(Target.UNTOUCHED, INCIDENT)).isEmpty();
        assertThat(RollbackDecider.whyNotAfresh(Target.SWAPPED, INCIDENT)).get().asString()
                .startsWith("the restored version of the failed attempt is in place: revert it");
        assertThat(RollbackDecider.whyNotAfresh(Target.ABSENT, INCIDENT)).get().asString().startsWith("the target directory is missing");
    }
}
