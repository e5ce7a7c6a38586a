package dev.rewind.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rewind.events.AuthorizationEvent.*;
import dev.rewind.events.Channel;
import dev.rewind.events.IncidentEvent.*;
import dev.rewind.events.NotificationEvent.*;
import dev.rewind.events.PhaseEvent.*;
import dev.rewind.events.VerificationEvent.*;

/** One filled-in instance of every event type, for contract tests. */
public final class SampleEvents {
    static final UUID INCIDENT = UUID.fromString("2f1b7c52-6a3e-4d55-9a61-0d9c3c1e7a10");
    static final Instant AT = Instant.parse("2026-11-25T10:00:00.123Z");
    static final AuthorizationForm FORM = new AuthorizationForm(AuthorizationForm.Decision.APPROVE,
            "Workflow failure rate 25%", 12, AuthorizationForm.DataImpact.POSSIBLE, AuthorizationForm.Severity.CRITICAL, false);

    private SampleEvents() {
    }

    public static List<RewindEvent> all() {
        UUID verification = UUID.randomUUID();
        return List.of(
                new IncidentOpened(id(), INCIDENT, AT, "ai-engineering-workflow", "2.0.0", Origin.SIGNAL, null, "failure rate", "policy"),
                new IncidentClassified(id(), INCIDENT, AT, 1, null, "workflow_failure_rate > 0.20 for 5m", "workflow_failure_rate", 300,
                        List.of(new Sample(0.23, AT.minusSeconds(300)), new Sample(0.25, AT))),
                new IncidentTriaged(id(), INCIDENT, AT, TriageSeverity.SEVERE, 90, TriageDecision.ROLLBACK,
                        List.of("tech-lead", "product-manager"), "alice", "tech-lead"),
                new IncidentAssessed(id(), INCIDENT, AT, 12, 45L, "3 projects", false, "high", "email at 11:00", "alice"),
                new IncidentEscalated(id(), INCIDENT, AT, 2, "tech-lead", "no response in 5 min"),
                new IncidentAcknowledged(id(), INCIDENT, AT, "bob", "senior-oncall"),
                new IncidentResolved(id(), INCIDENT, AT, ResolutionReason.STAY_ON_VERSION, "fix forward in 2.0.1", null, "alice", "tech-lead",
                        new Identity("https://id.example", "alice")),
                new IncidentResolved(id(), INCIDENT, AT, ResolutionReason.HOTFIX_DEPLOYED, "2.0.1 is out", "2.0.1", "alice", "tech-lead", null),
                new HotfixSignedOff(id(), INCIDENT, AT, "ai-engineering-workflow", "2.0.1", SignOff.TESTING_CERTIFIED, "suite green on staging",
                        "quinn", "qa-lead", new Identity("https://id.example", "quinn")),
                new IncidentEvent.HeightenedMonitoringStarted(id(), INCIDENT, AT, "ai-engineering-workflow", "2.0.1",
                        AT.plusSeconds(86400), 0.5, 0.5),
                new IncidentEvent.HeightenedMonitoringEnded(id(), INCIDENT, AT, "ai-engineering-workflow", "2.0.1", AT.minusSeconds(86400),
                        HeightenedOutcome.BREACHED, List.of(id())),
                new PostmortemScheduled(id(), INCIDENT, AT, AT.plusSeconds(86400), 60, PostmortemScheduled.RUNBOOK_PARTICIPANTS,
                        "room 4 / https://meet.example/rewind", "alice", "tech-lead", new Identity("https://id.example", "alice")),
                new IncidentEvent.PostmortemNoted(id(), INCIDENT, AT, "ana", "analyst", "agent persona renamed", List.of("test agents"),
                        List.of("Fix developed and tested"), "redeploy 2.0.1 next week", AT.plusSeconds(86400)),
                new AuthorizationRequested(id(), INCIDENT, AT, "ai-engineering-workflow", 2, List.of("tech-lead"), "tier 2"),
                new AuthorizationRequested(id(), INCIDENT, AT, "ai-engineering-workflow", 1, List.of("tech-lead"), "attempt 2 after a failed rollback", 2),
                new AuthorizationGranted(id(), INCIDENT, AT, "alice", "tech-lead", FORM),
                new AuthorizationDenied(id(), INCIDENT, AT, "carol", "infrastructure-lead", FORM),
                new AuthorizationRefused(id(), INCIDENT, AT, "mallory", List.of("analyst"), "analyst may not authorize"),
                new RollbackAuthorized(id(), INCIDENT, AT, "ai-engineering-workflow", "2.0.0", "1.0.0", "policy:tier1", "tier 1"),
                new RollbackAuthorized(id(), INCIDENT, AT, "ai-engineering-workflow", "2.0.0", "1.0.0", "tess", "attempt 2", null, 2),
                new PhaseStarted(id(), INCIDENT, AT, 1, "Preparation"),
                new StepCompleted(id(), INCIDENT, AT, 2, "2.2", "Back up broken version", 1234,
                        Map.of("archive", "/backups/x.tar.gz", "sha256", "ab12")),
                new StepFailed(id(), INCIDENT, AT, 1, "1.3", "Identify backup", 10, "no valid backup"),
                new PhaseCompleted(id(), INCIDENT, AT, 1, "Preparation", 4321),
                new VerificationRequested(id(), INCIDENT, AT, verification, VerificationStage.VALIDATION,
                        "ai-engineering-workflow", "/srv/workflow", "1.0.0"),
                new RollbackCompleted(id(), INCIDENT, AT, "ai-engineering-workflow", "2.0.0", "1.0.0", 60000, "/backups/b.tar.gz"),
                new RollbackFailed(id(), INCIDENT, AT, "ai-engineering-workflow", "verification failed", List.of("agents present")),
                new CommandRefused(id(), INCIDENT, AT, Topics.AUTHORIZATIONS, "rewind.authorizations-0@7", "rollback.authorized", id(),
                        "unsigned: rewind.authorizations records must carry incident-service's signature"),
                new CheckCompleted(id(), INCIDENT, AT, verification, VerificationStage.SMOKE, "config.yaml parses",
                        CheckStatus.FAILED, "valid YAML", "error at line 3", "config.yaml:3", 12, CheckKind.YAML_PARSES),
                new VerificationCompleted(id(), INCIDENT, AT, verification, VerificationStage.VALIDATION, Verdict.PASSED, 27, 0, 0,
                        List.of(), "Overall: PASS"),
                new NotificationDelivered(id(), INCIDENT, AT, id(), Channel.MAIL, "tech-lead@example.org", "URGENT", 1),
                new NotificationFailed(id(), INCIDENT, AT, id(), Channel.PAGER, "oncall", "HTTP 500", 5));
    }

    private static UUID id() {
        return UUID.randomUUID();
    }
}
