package dev.rewind.incident.timeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.rewind.events.CheckKind;
import dev.rewind.events.RunbookStep;
import dev.rewind.events.StepOutput;
import dev.rewind.incident.timeline.Timeline.Bar;
import dev.rewind.incident.timeline.Timeline.ChecklistItem;
import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;

/**
 * The runbook's phase 4 documents, filled in from a timeline: the rollback timeline, evidence, diff, meeting. The
 * document's layout is the template {@code rewind/postmortem.md}; this class only says what goes into it.
 */
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
    private static final Template TEMPLATE = template();

    private PostMortem() {
    }

    /** What the template fills in: every value already in the words and the format the document shows. */
    public record Document(String deployment, String version, String incidentId, String status, int events, String asOf,
                           String detectedAt, String detectedBy, String detectedHow, List<String> symptoms, String diagnostics,
                           String rootCause, String authorizedBy, String authorizedAt, List<String> authorizationEntries,
                           String rollbackStart, String rollbackEnd, String duration, int attempts, String workloadDown, String validation, String smokeTests,
                           String functionalTests, String performance, String rootCauseAnalysis, String fixDevelopment,
                           String redeploymentPlan, List<String> signOffs, String heightened, String ended, String redeploymentEnded, List<Row> durations, List<Evidence> evidence, List<String> stages,
                           Difference difference, List<ChecklistGroup> checklist, String meetingAt, List<String> questions,
                           List<String> lessons, List<Tick> actionItems, List<String> notices) {
    }

    public record Row(String id, String name, String start, String duration, String status) {
    }

    public record Evidence(String label, String value) {
    }

    public record Difference(String added, String removed, String changed, String unchanged, List<FileList> lists) {
    }

    public record FileList(String label, List<String> paths) {
    }

    public record ChecklistGroup(String title, List<Tick> items) {
    }

    public record Tick(boolean checked, String text) {
    }

    public static String markdown(Timeline t) {
        return TEMPLATE.data(document(t)).render();
    }

    static Document document(Timeline t) {
        Timeline.Detection detection = t.detection();
        return new Document(or(t.deployment()), or(t.version()), t.incidentId().toString(), or(t.status()), t.events(),
                t.asOf() == null ? null : time(t.asOf()),
                time(detection.at()), or(detection.who()), or(detection.how()) + (detection.detail() == null ? "" : " — " + detection.detail()),
                t.investigation().symptoms().stream().map(s -> time(s.at()) + ": " + s.rule()
                        + (s.samples().isEmpty() ? "" : " (" + s.metric() + " = " + s.samples() + ")")).toList(),
                t.investigation().diagnostics().getOrDefault(StepOutput.DIAGNOSTICS.key(), "none"),
                or(t.resolution().rootCause(), "not yet recorded"),
                or(t.authorization().authorizedBy(), "not authorized"), time(t.authorization().authorizedAt()),
                t.authorization().entries().stream().filter(e -> !e.kind().equals("rollback authorized"))
                        .map(e -> time(e.at()) + " " + e.kind() + (e.actor() == null ? "" : " by " + e.actor())
                                + (e.role() == null ? "" : " (" + e.role() + ")") + (e.form() == null ? "" : " — " + e.form())).toList(),
                time(t.execution().start()), time(t.execution().end()), duration(t.execution().durationMs()), t.execution().attempts(),
                workloadDown(t.execution().workloadDown()),
                verdict(t, "VALIDATION"), verdict(t, "SMOKE"), check(t, CheckKind.FUNCTIONAL_TEST), check(t, CheckKind.KNOWLEDGE_MCP),
                t.resolution().rootCauseAnalysis(), t.resolution().actionItems().isEmpty() ? "Not started" : "In progress",
                or(t.resolution().redeploymentPlan(), "not planned yet"),
                t.resolution().signOffs().stream().map(s -> s.version() + " " + s.signOff() + " by " + s.actor() + " (" + s.role() + ") "
                        + time(s.at())).toList(), heightened(t.resolution().heightened()), ended(t.resolution().ended()),
                ended(t.resolution().redeploymentEnded()),
                durations(t), evidence(t),
                t.verification().stages().stream().map(s -> s.stage() + " results (" + time(s.at()) + "): " + s.verdict() + ", "
                        + s.passed() + " passed, " + s.failed() + " failed, " + s.inconclusive() + " inconclusive"
                        + (s.failedChecks().isEmpty() ? "" : " — not passed: " + String.join("; ", s.failedChecks()))).toList(),
                difference(t), checklist(t), time(t.resolution().meetingAt()), QUESTIONS, t.resolution().lessons(), actionItems(t),
                t.notifications().stream().map(n -> time(n.at()) + " " + n.channel() + " to " + n.recipient() + ": " + n.outcome()
                        + (n.detail() == null ? "" : " — " + n.detail())).toList());
    }

    /** How long users were locked out, on one line; {@code null} when the workload was never stopped. */
    private static String workloadDown(Bar down) {
        if (down == null) {
            return null;
        }
        if (down.end() == null) {
            return "since " + time(down.start()) + " (stopped by 2.1, not running again yet)";
        }
        return duration(down.durationMs()) + " (stop requested " + time(down.start()) + ", "
                + ("2.6U".equals(down.outputs().get("restartedBy")) ? "untouched version" : "restored version") + " running "
                + time(down.end()) + ")";
    }

    /** The hotfix's heightened monitoring, on one line; {@code null} before it started. */
    private static String heightened(Timeline.Heightened period) {
        if (period == null) {
            return null;
        }
        String scale = "thresholds x" + period.thresholdFactor() + ", windows x" + period.windowFactor();
        if (period.outcome() == null) {
            return period.version() + " from " + time(period.startedAt()) + " until " + time(period.endsAt()) + " (" + scale + "), running";
        }
        return period.version() + " from " + time(period.startedAt()) + " to " + time(period.endedAt()) + " (" + scale + "): "
                + period.outcome() + (period.incidentsOpened().isEmpty() ? ", no incident opened"
                : ", incidents opened: " + period.incidentsOpened().stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(", ")));
    }

    /** How the incident ended, on one line; {@code null} while it is open. */
    private static String ended(Timeline.Ending ended) {
        if (ended == null) {
            return null;
        }
        return time(ended.at()) + " " + ended.reason() + " by " + ended.actor() + (ended.role() == null ? "" : " (" + ended.role() + ")")
                + (ended.hotfixVersion() == null ? "" : ", hotfix " + ended.hotfixVersion()) + " — " + ended.summary();
    }

    /** Each phase followed by its steps; steps of a phase that has no bar (4.2 after the rollback) at the end. */
    private static List<Row> durations(Timeline t) {
        List<Row> rows = new ArrayList<>();
        for (Bar phase : t.execution().phases()) {
            rows.add(row("phase " + phase.id(), phase));
            t.execution().steps().stream().filter(s -> s.phase() == phase.phase()).forEach(s -> rows.add(row(s.id(), s)));
        }
        t.execution().steps().stream().filter(s -> t.execution().phases().stream().noneMatch(p -> p.phase() == s.phase()))
                .forEach(s -> rows.add(row(s.id(), s)));
        return rows;
    }

    private static Row row(String id, Bar bar) {
        return new Row(id, bar.name(), time(bar.start()), duration(bar.durationMs()), bar.status());
    }

    /** The runbook's 4.1 evidence; 4.2's error lines and change log when the executor collected them. */
    private static List<Evidence> evidence(Timeline t) {
        List<Evidence> evidence = new ArrayList<>(List.of(
                evidence("Diagnostics", output(t, RunbookStep.DIAGNOSTICS, StepOutput.DIAGNOSTICS)),
                evidence("Diagnostics file manifest", output(t, RunbookStep.DIAGNOSTICS, StepOutput.MANIFEST)),
                evidence("Restore source", step(t, RunbookStep.SELECT_BACKUP).map(s -> s.outputs().get(StepOutput.SOURCE.key())
                        + " (sha256 " + s.outputs().get(StepOutput.SHA256.key()) + ")")),
                evidence("Broken version archive", step(t, RunbookStep.ARCHIVE_BROKEN).map(s -> s.outputs().get(StepOutput.ARCHIVE.key())
                        + " (sha256 " + s.outputs().get(StepOutput.SHA256.key()) + ", " + s.outputs().get(StepOutput.FILES.key()) + " files)")),
                evidence("Broken version manifest", output(t, RunbookStep.ARCHIVE_BROKEN, StepOutput.MANIFEST)),
                evidence("Differences", output(t, RunbookStep.COMPARE_VERSIONS, StepOutput.DIFFERENCES))));
        step(t, RunbookStep.COMPARE_VERSIONS).map(Bar::outputs).ifPresent(out -> {
            if (out.containsKey(StepOutput.ERRORS.key())) {
                evidence.add(new Evidence("Error lines (ERROR, CRITICAL, FAILED)", "`" + out.get(StepOutput.ERRORS.key()) + "` ("
                        + out.get(StepOutput.ERROR_LINES.key()) + " lines)"));
            }
            if (out.containsKey(StepOutput.CHANGES.key())) {
                evidence.add(new Evidence("Change log", "`" + out.get(StepOutput.CHANGES.key()) + "` (" + out.get(StepOutput.COMMITS.key())
                        + " commits; changed: " + out.get(StepOutput.CHANGED_AREAS.key()) + ")"));
            }
        });
        return evidence;
    }

    private static Evidence evidence(String label, Optional<String> value) {
        return new Evidence(label, value.filter(v -> !v.contains("null")).map(v -> "`" + v + "`").orElse("none"));
    }

    private static Difference difference(Timeline t) {
        return step(t, RunbookStep.COMPARE_VERSIONS).map(Bar::outputs).map(out -> new Difference(
                out.get(StepOutput.ADDED.key()), out.get(StepOutput.REMOVED.key()), out.get(StepOutput.CHANGED.key()),
                out.get(StepOutput.UNCHANGED.key()),
                Stream.of(files("Added by the broken version", out, StepOutput.ADDED_FILES),
                        files("Removed by the broken version", out, StepOutput.REMOVED_FILES),
                        files("Changed by the broken version", out, StepOutput.CHANGED_FILES)).flatMap(Optional::stream).toList()))
                .orElse(null);
    }

    private static Optional<FileList> files(String label, Map<String, String> outputs, StepOutput output) {
        return Optional.ofNullable(outputs.get(output.key())).filter(list -> !list.isBlank())
                .map(list -> new FileList(label, list.lines().toList()));
    }

    private static List<ChecklistGroup> checklist(Timeline t) {
        List<ChecklistGroup> groups = new ArrayList<>();
        for (ChecklistItem item : t.checklist()) {
            String title = Character.toUpperCase(item.when().charAt(0)) + item.when().substring(1);
            if (groups.isEmpty() || !groups.get(groups.size() - 1).title().equals(title)) {
                groups.add(new ChecklistGroup(title, new ArrayList<>()));
            }
            groups.get(groups.size() - 1).items().add(new Tick(item.checked(),
                    item.item() + (item.checked() ? " — " + time(item.at()) + ": " + item.evidence() : "")));
        }
        return groups;
    }

    /** The runbook's action items, ticked when noted, then the incident's own. */
    private static List<Tick> actionItems(Timeline t) {
        List<String> noted = t.resolution().actionItems();
        return Stream.concat(RUNBOOK_ACTION_ITEMS.stream().map(item -> new Tick(noted.contains(item), item)),
                noted.stream().filter(item -> !RUNBOOK_ACTION_ITEMS.contains(item)).map(item -> new Tick(false, item))).toList();
    }

    private static Optional<Bar> step(Timeline t, RunbookStep step) {
        return t.execution().steps().stream().filter(s -> s.id().equals(step.id()) && "COMPLETED".equals(s.status())).findFirst();
    }

    private static Optional<String> output(Timeline t, RunbookStep step, StepOutput output) {
        return step(t, step).map(s -> s.outputs().get(output.key()));
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

    private static Template template() {
        try (InputStream in = PostMortem.class.getResourceAsStream("/rewind/postmortem.md")) {
            if (in == null) {
                throw new IllegalStateException("rewind/postmortem.md is missing from the classpath");
            }
            Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver()).strictRendering(true).build();
            return engine.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("rewind/postmortem.md cannot be read", e);
        }
    }
}
