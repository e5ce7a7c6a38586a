package dev.rewind.incident.timeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.events.RewindEvent;
import dev.rewind.incident.timeline.Timeline.ChecklistItem;

import static dev.rewind.incident.timeline.IncidentStreams.INCIDENT;
import static dev.rewind.incident.timeline.IncidentStreams.at;
import static dev.rewind.incident.timeline.IncidentStreams.id;
import static org.assertj.core.api.Assertions.assertThat;

class TimelineFoldTest {

    @Test
    void a_fold_fed_event_by_event_and_read_after_each_is_at_every_point_the_fold_of_that_prefix() {
        List<dev.rewind.events.RewindEvent> stream = IncidentStreams.tierOne();
        TimelineFold fed = TimelineFold.of(INCIDENT);
        for (int k = 1; k <= stream.size(); k++) {
            fed.apply(stream.get(k - 1));
            assertThat(fed.timeline().toJson()).as("after %d events", k)
                    .isEqualTo(TimelineFold.fold(INCIDENT, stream.subList(0, k), null).toJson());
        }
        assertThat(PostMortem.markdown(fed.timeline())).isEqualTo(PostMortem.markdown(TimelineFold.fold(INCIDENT, stream, null)));
    }

    @Test
    void the_full_stream_folds_into_the_runbook_sections_each_naming_its_events() {
        Timeline t = TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), null);

        assertThat(t.status()).isEqualTo("RESTORED");
        assertThat(t.events()).isEqualTo(29);
        assertThat(t.detection()).isEqualTo(new Timeline.Detection(at(0), "prometheus", "monitoring signal", null, List.of(id(1), id(2))));
        assertThat(t.investigation().symptoms()).singleElement().satisfies(s -> {
            assertThat(s.tier()).isEqualTo(1);
            assertThat(s.samples()).isEqualTo("0.25 at 09:55:01, 0.25 at 10:00:01");
        });
        assertThat(t.investigation().diagnostics()).containsEntry("diagnostics", "/diag/rollback-20261125-100002");
        assertThat(t.investigation().eventIds()).containsExactly(id(2), id(6));
        assertThat(t.authorization().authorizedBy()).isEqualTo("policy:tier1");
        assertThat(t.authorization().authorizedAt()).isEqualTo(at(1));
        assertThat(t.execution().start()).isEqualTo(at(2));
        assertThat(t.execution().end()).isEqualTo(at(90));
        assertThat(t.execution().durationMs()).isEqualTo(88_000);
        assertThat(t.execution().phases()).extracting(b -> b.id() + " " + b.status() + " " + b.durationMs())
                .containsExactly("1 COMPLETED 3000", "2 COMPLETED 60000", "3 COMPLETED 7000");
        assertThat(t.execution().steps()).extracting(Timeline.Bar::id)
                .containsExactly("1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.6", "3.1", "4.2");
        assertThat(t.execution().steps().get(3).start()).isEqualTo(at(10));
        assertThat(t.execution().steps().get(3).eventIds()).containsExactly(id(11));
        assertThat(t.verification().stages()).extracting(s -> s.stage() + " " + s.verdict() + " " + s.checks().size())
                .containsExactly("VALIDATION PASSED 1", "SMOKE PASSED 2");
        assertThat(t.verification().stages().get(1).eventIds()).containsExactly(id(21), id(22), id(23));
        assertThat(t.resolution().rootCause()).isEqualTo("a renamed agent persona broke step 3");
        assertThat(t.resolution().actionItems()).containsExactly("Fix developed and tested", "Add an agent-name lint");
        assertThat(t.notifications()).hasSize(2);
        assertThat(t.markers()).extracting(Timeline.Marker::kind).contains("detection", "decision", "authorization", "verification", "outcome");
    }

    @Test
    void every_checklist_item_is_checked_by_the_event_that_proves_it_and_the_rest_stay_visible() {
        List<ChecklistItem> items = TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), null).checklist();
        assertThat(items).hasSize(18);
        assertThat(items).filteredOn(ChecklistItem::checked).extracting(i -> i.item() + " <- " + i.eventId()).containsExactly(
                "Critical issue confirmed <- " + id(2),
                "Backup verified <- " + id(7),
                "Rollback authorized <- " + id(3),
                "Stakeholders notified <- " + id(4),
                "All running workflows paused <- " + id(10),
                "Diagnostic data collected <- " + id(6),
                "Current (broken) version backed up <- " + id(11),
                "Good version restored from backup <- " + id(12),
                "All files verified <- " + id(15),
                "Syntax validation passed <- " + id(15),
                "Services restarted <- " + id(17),
                "Smoke tests passed <- " + id(23),
                "Users notified of restoration <- " + id(27),
                "All users can access workflow <- " + id(21),
                "Knowledge MCP responding <- " + id(22),
                "Performance acceptable <- " + id(22),
                "Post-mortem scheduled <- " + id(29));
        assertThat(items).filteredOn(i -> !i.checked()).extracting(ChecklistItem::item).containsExactly("No critical errors in logs");
        assertThat(items.get(6).evidence()).isEqualTo("/backups/wf-v2.0.0-broken-1.tar.gz sha256 cd34");
    }

    /** The notifier's report and the executor's event travel on different topics: either may be stored first. */
    @Test
    void the_all_clear_delivered_before_its_rollback_completed_is_stored_still_counts() {
        List<RewindEvent> stream = new ArrayList<>(IncidentStreams.tierOne());
        int completed = indexOf(stream, id(26));
        RewindEvent delivery = stream.remove(indexOf(stream, id(27)));
        stream.add(completed, delivery);

        List<ChecklistItem> items = TimelineFold.fold(INCIDENT, stream, null).checklist();

        assertThat(items).filteredOn(i -> i.item().equals("Users notified of restoration")).singleElement()
                .satisfies(i -> assertThat(i.checked()).isTrue())
                .satisfies(i -> assertThat(i.eventId()).isEqualTo(id(27)));
    }

    private static int indexOf(List<RewindEvent> stream, UUID eventId) {
        for (int i = 0; i < stream.size(); i++) {
            if (stream.get(i).eventId().equals(eventId)) {
                return i;
            }
        }
        throw new IllegalArgumentException(eventId + " is not in the stream");
    }

    @Test
    void as_of_rebuilds_the_timeline_as_it_stood() {
        Timeline beforeAnything = TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), at(-1));
        assertThat(beforeAnything.events()).isZero();
        assertThat(beforeAnything.status()).isNull();

        Timeline authorized = TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), at(1));
        assertThat(authorized.status()).isEqualTo("AUTHORIZED");
        assertThat(authorized.execution().start()).isNull();
        assertThat(authorized.checklist()).filteredOn(ChecklistItem::checked).hasSize(2);

        Timeline archiving = TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), at(30));
        assertThat(archiving.status()).isEqualTo("ROLLING_BACK");
        assertThat(archiving.execution().phases()).extracting(Timeline.Bar::status).containsExactly("COMPLETED", "RUNNING");
        assertThat(archiving.execution().steps()).extracting(Timeline.Bar::id).containsExactly("1.2", "1.3", "2.1");
        assertThat(archiving.execution().end()).isNull();

        Timeline verifying = TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), at(68));
        assertThat(verifying.status()).isEqualTo("VERIFYING");
        assertThat(verifying.verification().stages()).extracting(Timeline.Stage::stage).containsExactly("VALIDATION");

        assertThat(TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), at(100)).resolution().rootCause()).isNull();
    }

    /** After a deliberate change of the document: {@code -Drewind.golden.update=true} rewrites the golden file. */
    @Test
    void the_post_mortem_of_a_fixed_stream_is_the_golden_document() throws Exception {
        if (Boolean.getBoolean("rewind.golden.update")) {
            java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/golden/postmortem.md"),
                    PostMortem.markdown(TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), null)));
        }
        String golden = new String(Objects.requireNonNull(getClass().getResourceAsStream("/golden/postmortem.md")).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(PostMortem.markdown(TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), null))).isEqualTo(golden);
    }

    @Test
    void the_post_mortem_links_the_error_lines_and_the_change_log_when_step_4_2_collected_them() {
        List<RewindEvent> stream = new java.util.ArrayList<>();
        for (RewindEvent event : IncidentStreams.tierOne()) {
            if (event instanceof dev.rewind.events.PhaseEvent.StepCompleted step && step.step().equals("4.2")) {
                java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>(step.outputs());
                outputs.putAll(java.util.Map.of("errors", "/diagnostics/rollback-1/errors.txt", "errorLines", "7",
                        "changes", "/diagnostics/rollback-1/changes.txt", "commits", "2", "changedAreas", "agents (1 files)"));
                event = new dev.rewind.events.PhaseEvent.StepCompleted(step.eventId(), step.incidentId(), step.occurredAt(), step.phase(),
                        step.step(), step.name(), step.durationMs(), outputs);
            }
            stream.add(event);
        }

        String markdown = PostMortem.markdown(TimelineFold.fold(INCIDENT, stream, null));

        assertThat(markdown).contains("Error lines (ERROR, CRITICAL, FAILED)", "`/diagnostics/rollback-1/errors.txt` (7 lines)",
                "Change log", "`/diagnostics/rollback-1/changes.txt` (2 commits; changed: agents (1 files))");
        assertThat(PostMortem.markdown(TimelineFold.fold(INCIDENT, IncidentStreams.tierOne(), null))).doesNotContain("Error lines", "Change log");
    }
}
