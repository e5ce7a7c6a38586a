package dev.rewind.incident.timeline;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rewind.events.CheckKind;
import dev.rewind.events.RunbookStep;
import dev.rewind.events.StepOutput;
import dev.rewind.incident.timeline.Timeline.Bar;
import dev.rewind.incident.timeline.Timeline.ChecklistItem;
import dev.rewind.incident.timeline.Timeline.Stage;

/** The runbook's phase 4 documents, filled in from a timeline: the rollback timeline, evidence, diff, meeting. */
public final class PostMortem {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    static final List<String> QUESTIONS = List.of(
            "What happened? (Describe the issue)",
            "Why did it happen? (Root cause)",
            "How did we detect it? (Detection mechanism)",
            "How did we respond? (Incident response)",
            "What should we do differently? (Lessons learned)",
            "What's the fix? (Resolution plan)",
            "How do we prevent this? (Process improvements)");
    static final List<String> RUNBOOK_ACTION_ITEMS = List.of(
            "Fix developed and tested", "Code review completed", "Testing plan for redeployment", "Monitoring improvements",
            "Process improvements documented");

    private PostMortem() {
    }

    public static String markdown(Timeline t) {
        StringBuilder md = new StringBuilder();
        md.append("# Rollback Post-Mortem: ").append(or(t.deployment())).append(" v").append(or(t.version())).append("\n\n");
        md.append("Incident `").append(t.incidentId()).append("` · status **").append(or(t.status())).append("** · ")
                .append(t.events()).append(" events").append(t.asOf() == null ? "" : " · as of " + time(t.asOf())).append("\n\n");

        md.append("## Rollback Timeline\n\n### Detection\n");
        md.append("- Time: ").append(time(t.detection().at())).append("\n");
        md.append("- Who: ").append(or(t.detection().who())).append("\n");
        md.append("- How: ").append(or(t.detection().how())).append(t.detection().detail() == null ? "" : " — " + t.detection().detail())
                .append("\n");

        md.append("\n### Investigation\n- Initial symptoms:");
        if (t.investigation().symptoms().isEmpty()) {
            md.append(" none recorded\n");
        } else {
            md.append("\n");
            t.investigation().symptoms().forEach(s -> md.append("  - ").append(time(s.at())).append(": ")
                    .append(s.rule()).append(s.samples().isEmpty() ? "" : " (" + s.metric() + " = " + s.samples() + ")").append("\n"));
        }
        md.append("- Diagnostics captured: ").append(t.investigation().diagnostics().getOrDefault("diagnostics", "none")).append("\n");
        md.append("- Root cause identified: ").append(or(t.resolution().rootCause(), "not yet recorded")).append("\n");

        md.append("\n### Authorization\n");
        md.append("- Authorized by: ").append(or(t.authorization().authorizedBy(), "not authorized")).append("\n");
        md.append("- Time: ").append(time(t.authorization().authorizedAt())).append("\n");
        t.authorization().entries().stream().filter(e -> !e.kind().equals("rollback authorized")).forEach(e ->
                md.append("- ").append(time(e.at())).append(" ").append(e.kind()).append(e.actor() == null ? "" : " by " + e.actor())
                        .append(e.role() == null ? "" : " (" + e.role() + ")").append(e.form() == null ? "" : " — " + e.form()).append("\n"));

        md.append("\n### Execution\n");
        md.append("- Rollback start: ").append(time(t.execution().start())).append("\n");
        md.append("- Rollback complete: ").append(time(t.execution().end())).append("\n");
        md.append("- Duration: ").append(duration(t.execution().durationMs())).append("\n");

        md.append("\n### Verification\n");
        md.append("- Validation: ").append(verdict(t, "VALIDATION")).append("\n");
        md.append("- Smoke tests: ").append(verdict(t, "SMOKE")).append("\n");
        md.append("- Functional tests: ").append(check(t, CheckKind.FUNCTIONAL_TEST)).append("\n");
        md.append("- Performance: ").append(check(t, CheckKind.KNOWLEDGE_MCP)).append("\n");

        md.append("\n### Resolution\n");
        md.append("- Root cause analysis: ").append(t.resolution().rootCauseAnalysis()).append("\n");
        md.append("- Fix development: ").append(t.resolution().actionItems().isEmpty() ? "Not started" : "In progress").append("\n");
        md.append("- Redeployment plan: ").append(or(t.resolution().redeploymentPlan(), "not planned yet")).append("\n");

        md.append("\n## Phase and step durations\n\n| id | name | start | duration | status |\n|---|---|---|---|---|\n");
        for (Bar bar : t.execution().phases()) {
            row(md, "phase " + bar.id(), bar);
            t.execution().steps().stream().filter(s -> s.phase() == bar.phase()).forEach(s -> row(md, s.id(), s));
        }
        t.execution().steps().stream().filter(s -> t.execution().phases().stream().noneMatch(p -> p.phase() == s.phase()))
                .forEach(s -> row(md, s.id(), s));

        md.append("\n## Evidence\n\n");
        evidence(md, "Diagnostics", step(t, RunbookStep.DIAGNOSTICS).map(s -> s.outputs().get(StepOutput.DIAGNOSTICS.key())));
        evidence(md, "Diagnostics file manifest", step(t, RunbookStep.DIAGNOSTICS).map(s -> s.outputs().get(StepOutput.MANIFEST.key())));
        evidence(md, "Restore source", step(t, RunbookStep.SELECT_BACKUP).map(s -> s.outputs().get(StepOutput.SOURCE.key()) + " (sha256 " + s.outputs().get(StepOutput.SHA256.key()) + ")"));
        evidence(md, "Broken version archive", step(t, RunbookStep.ARCHIVE_BROKEN).map(s -> s.outputs().get(StepOutput.ARCHIVE.key())
                + " (sha256 " + s.outputs().get(StepOutput.SHA256.key()) + ", " + s.outputs().get(StepOutput.FILES.key()) + " files)"));
        evidence(md, "Broken version manifest", step(t, RunbookStep.ARCHIVE_BROKEN).map(s -> s.outputs().get(StepOutput.MANIFEST.key())));
        evidence(md, "Differences", step(t, RunbookStep.COMPARE_VERSIONS).map(s -> s.outputs().get(StepOutput.DIFFERENCES.key())));
        for (Stage stage : t.verification().stages()) {
            md.append("- ").append(stage.stage()).append(" results (").append(time(stage.at())).append("): ").append(stage.verdict())
                    .append(", ").append(stage.passed()).append(" passed, ").append(stage.failed()).append(" failed, ")
                    .append(stage.inconclusive()).append(" inconclusive")
                    .append(stage.failedChecks().isEmpty() ? "" : " — not passed: " + String.join("; ", stage.failedChecks())).append("\n");
        }

        md.append("\n## What changed between the broken and the restored version\n\n");
        Optional<Bar> diff = step(t, RunbookStep.COMPARE_VERSIONS);
        if (diff.isEmpty()) {
            md.append("No comparison recorded (it follows a completed rollback).\n");
        } else {
            Map<String, String> out = diff.get().outputs();
            md.append("Added ").append(out.get(StepOutput.ADDED.key())).append(", removed ").append(out.get(StepOutput.REMOVED.key()))
                    .append(", changed ").append(out.get(StepOutput.CHANGED.key())).append(", unchanged ")
                    .append(out.get(StepOutput.UNCHANGED.key())).append(" files.\n");
            files(md, "Added by the broken version", out.get(StepOutput.ADDED_FILES.key()));
            files(md, "Removed by the broken version", out.get(StepOutput.REMOVED_FILES.key()));
            files(md, "Changed by the broken version", out.get(StepOutput.CHANGED_FILES.key()));
        }

        md.append("\n## Rollback Coordination Checklist\n");
        String group = "";
        for (ChecklistItem item : t.checklist()) {
            if (!item.when().equals(group)) {
                group = item.when();
                md.append("\n### ").append(Character.toUpperCase(group.charAt(0))).append(group.substring(1)).append("\n");
            }
            md.append("- [").append(item.checked() ? "x" : " ").append("] ").append(item.item())
                    .append(item.checked() ? " — " + time(item.at()) + ": " + item.evidence() : "").append("\n");
        }

        md.append("\n## Post-Mortem Meeting\n\n");
        md.append("Date: ").append(time(t.resolution().meetingAt())).append("\n\nAgenda:\n");
        for (int i = 0; i < QUESTIONS.size(); i++) {
            md.append(i + 1).append(". ").append(QUESTIONS.get(i)).append("\n");
        }
        if (!t.resolution().lessons().isEmpty()) {
            md.append("\nLessons learned:\n");
            t.resolution().lessons().forEach(l -> md.append("- ").append(l).append("\n"));
        }
        md.append("\nAction items:\n");
        RUNBOOK_ACTION_ITEMS.forEach(item -> md.append("- [").append(t.resolution().actionItems().contains(item) ? "x" : " ").append("] ")
                .append(item).append("\n"));
        t.resolution().actionItems().stream().filter(item -> !RUNBOOK_ACTION_ITEMS.contains(item))
                .forEach(item -> md.append("- [ ] ").append(item).append("\n"));

        if (!t.notifications().isEmpty()) {
            md.append("\n## Who was told\n\n");
            t.notifications().forEach(n -> md.append("- ").append(time(n.at())).append(" ").append(n.channel()).append(" to ")
                    .append(n.recipient()).append(": ").append(n.outcome()).append(n.detail() == null ? "" : " — " + n.detail()).append("\n"));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String id, Bar bar) {
        md.append("| ").append(id).append(" | ").append(bar.name()).append(" | ").append(time(bar.start())).append(" | ")
                .append(duration(bar.durationMs())).append(" | ").append(bar.status()).append(" |\n");
    }

    private static void evidence(StringBuilder md, String label, Optional<String> value) {
        md.append("- ").append(label).append(": ").append(value.filter(v -> !v.contains("null")).map(v -> "`" + v + "`").orElse("none")).append("\n");
    }

    private static void files(StringBuilder md, String label, String list) {
        if (list != null && !list.isBlank()) {
            md.append("\n").append(label).append(":\n");
            list.lines().forEach(path -> md.append("- `").append(path).append("`\n"));
        }
    }

    private static Optional<Bar> step(Timeline t, RunbookStep step) {
        return t.execution().steps().stream().filter(s -> s.id().equals(step.id()) && "COMPLETED".equals(s.status())).findFirst();
    }

    private static String verdict(Timeline t, String stage) {
        return t.verification().stages().stream().filter(s -> s.stage().equals(stage)).reduce((a, b) -> b)
                .map(s -> s.verdict().equals("PASSED") ? "PASS" : "FAIL (" + String.join("; ", s.failedChecks()) + ")").orElse("not run");
    }

    private static String check(Timeline t, CheckKind kind) {
        return t.verification().stages().stream().flatMap(s -> s.checks().stream()).filter(c -> c.kind() == kind)
                .reduce((a, b) -> b).map(c -> c.status().equals("PASSED") ? "PASS" : c.status() + " (" + or(c.detail(), "") + ")")
                .orElse("not run");
    }

    static String time(Instant at) {
        return at == null ? "—" : CLOCK.format(at);
    }

    static String duration(Long ms) {
        if (ms == null) {
            return "—";
        }
        Duration d = Duration.ofMillis(ms);
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String or(String value) {
        return or(value, "unknown");
    }

    private static String or(String value, String otherwise) {
        return value == null ? otherwise : value;
    }
}
