package dev.rewind.incident.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.Channel;
import dev.rewind.events.CheckKind;
import dev.rewind.events.CheckStatus;
import dev.rewind.events.IncidentEvent.IncidentClassified;
import dev.rewind.events.IncidentEvent.IncidentOpened;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.NotificationEvent.NotificationDelivered;
import dev.rewind.events.Origin;
import dev.rewind.events.PhaseEvent.PhaseCompleted;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.VerificationRequested;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Sample;
import dev.rewind.events.Verdict;
import dev.rewind.events.VerificationEvent.CheckCompleted;
import dev.rewind.events.VerificationEvent.VerificationCompleted;
import dev.rewind.events.VerificationStage;

/** A fixed, complete tier-1 incident stream: deterministic ids and times, for fold and golden tests. */
public final class IncidentStreams {
    static final UUID INCIDENT = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final UUID VALIDATION = id(900);
    static final UUID SMOKE = id(901);

    private IncidentStreams() {
    }

    static UUID id(int n) {
        return UUID.fromString("00000000-0000-4000-9000-%012d".formatted(n));
    }

    public static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Opened at 10:00, tier 1 at 10:00:01, authorized, the rollback from 10:00:02 to 10:01:30, notes at 11:00. */
    public static List<RewindEvent> tierOne() {
        List<RewindEvent> s = new ArrayList<>();
        s.add(new IncidentOpened(id(1), INCIDENT, at(0), "ai-engineering-workflow", "2.0.0", Origin.SIGNAL, null, null, "prometheus"));
        s.add(new IncidentClassified(id(2), INCIDENT, at(1), 1, null, "workflow_failure_rate > 0.2 for 5m (tier 1)",
                "workflow_failure_rate", 300, List.of(new Sample(0.25, at(-299)), new Sample(0.25, at(1)))));
        s.add(new RollbackAuthorized(id(3), INCIDENT, at(1), "ai-engineering-workflow", "2.0.0", null, "policy:tier1", "tier 1"));
        s.add(new NotificationDelivered(id(4), INCIDENT, at(2), id(2), Channel.MAIL, "Tess Lead", "CRITICAL: ai-engineering-workflow", 1));
        s.add(new PhaseStarted(id(5), INCIDENT, at(2), 1, "Preparation"));
        s.add(new StepCompleted(id(6), INCIDENT, at(4), 1, "1.2", "Capture diagnostic information", 2000,
                Map.of("diagnostics", "/diag/rollback-20261125-100002", "manifest", "/diag/rollback-20261125-100002/file-manifest.txt")));
        s.add(new StepCompleted(id(7), INCIDENT, at(5), 1, "1.3", "Identify and verify the backup to restore", 1000,
                Map.of("source", "/backups/wf-v1.0.0-backup-1.tar.gz", "sha256", "ab12")));
        s.add(new PhaseCompleted(id(8), INCIDENT, at(5), 1, "Preparation", 3000));
        s.add(new PhaseStarted(id(9), INCIDENT, at(5), 2, "Execution"));
        s.add(new StepCompleted(id(10), INCIDENT, at(10), 2, "2.1", "Stop all workflow processes", 5000, Map.of("stopped", "1")));
        s.add(new StepCompleted(id(11), INCIDENT, at(40), 2, "2.2", "Back up the current (broken) version", 30000,
                Map.of("archive", "/backups/wf-v2.0.0-broken-1.tar.gz", "sha256", "cd34", "files", "42",
                        "manifest", "/backups/wf-v2.0.0-broken-1.tar.gz.manifest")));
        s.add(new StepCompleted(id(12), INCIDENT, at(60), 2, "2.3", "Restore the good version", 20000,
                Map.of("restoredFiles", "40", "source", "/backups/wf-v1.0.0-backup-1.tar.gz")));
        s.add(new VerificationRequested(id(13), INCIDENT, at(60), VALIDATION, VerificationStage.VALIDATION, "ai-engineering-workflow",
                "/srv/wf", "1.0.0"));
        s.add(new CheckCompleted(id(14), INCIDENT, at(61), VALIDATION, VerificationStage.VALIDATION, "YAML parses: config.yaml",
                CheckStatus.PASSED, "valid YAML", "valid YAML", null, 3, CheckKind.YAML_PARSES));
        s.add(new VerificationCompleted(id(15), INCIDENT, at(62), VALIDATION, VerificationStage.VALIDATION, Verdict.PASSED, 1, 0, 0,
                List.of(), "Overall: PASS"));
        s.add(new StepCompleted(id(16), INCIDENT, at(62), 2, "2.4", "Validate the restored version", 2000, Map.of("verdict", "PASSED")));
        s.add(new StepCompleted(id(17), INCIDENT, at(65), 2, "2.6", "Start the restored workflow", 3000, new java.util.TreeMap<>(Map.of("started", "1", "downtimeMs", "60000"))));
        s.add(new PhaseCompleted(id(18), INCIDENT, at(65), 2, "Execution", 60000));
        s.add(new PhaseStarted(id(19), INCIDENT, at(65), 3, "Verification"));
        s.add(new VerificationRequested(id(20), INCIDENT, at(65), SMOKE, VerificationStage.SMOKE, "ai-engineering-workflow", "/srv/wf", "1.0.0"));
        s.add(new CheckCompleted(id(21), INCIDENT, at(70), SMOKE, VerificationStage.SMOKE, "Step 1 loads", CheckStatus.PASSED, null,
                "steps/step-01.md", null, 2, CheckKind.STEP_ONE_LOADS));
        s.add(new CheckCompleted(id(22), INCIDENT, at(71), SMOKE, VerificationStage.SMOKE, "Knowledge MCP answers: search_knowledge",
                CheckStatus.PASSED, "< 2000 ms", "140 ms", null, 140, CheckKind.KNOWLEDGE_MCP));
        s.add(new VerificationCompleted(id(23), INCIDENT, at(72), SMOKE, VerificationStage.SMOKE, Verdict.PASSED, 2, 0, 0, List.of(),
                "Overall: PASS"));
        s.add(new StepCompleted(id(24), INCIDENT, at(72), 3, "3.1", "Smoke tests", 7000, Map.of("verdict", "PASSED")));
        s.add(new PhaseCompleted(id(25), INCIDENT, at(72), 3, "Verification", 7000));
        s.add(new RollbackCompleted(id(26), INCIDENT, at(90), "ai-engineering-workflow", "2.0.0", "1.0.0", 88000,
                "/backups/wf-v2.0.0-broken-1.tar.gz"));
        s.add(new NotificationDelivered(id(27), INCIDENT, at(91), id(26), Channel.MAIL, "users@example.com", "ROLLBACK COMPLETE", 1));
        s.add(new StepCompleted(id(28), INCIDENT, at(95), 4, "4.2", "Compare the broken and restored versions", 1,
                Map.of("differences", "/diag/rollback-20261125-100002/differences.txt", "added", "1", "removed", "0", "changed", "2",
                        "unchanged", "39", "addedFiles", "agents/knowledge-router.md", "removedFiles", "",
                        "changedFiles", "config.yaml\nworkflow.md")));
        s.add(new PostmortemNoted(id(29), INCIDENT, at(3600), "ana", "analyst", "a renamed agent persona broke step 3",
                List.of("test agent renames"), List.of("Fix developed and tested", "Add an agent-name lint"), "2.0.1 on 2026-12-01",
                Instant.parse("2026-11-26T15:00:00Z")));
        return List.copyOf(s);
    }
}
