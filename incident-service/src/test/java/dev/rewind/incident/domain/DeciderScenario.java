package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.rewind.events.AuthorizationForm;
import dev.rewind.events.AuthorizationForm.DataImpact;
import dev.rewind.events.Identity;
import dev.rewind.events.IncidentEvent.PostmortemNoted;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackCompleted;
import dev.rewind.events.RewindEvent;
import dev.rewind.events.Role;
import dev.rewind.events.Sample;
import dev.rewind.events.Signal;

/**
 * The given/when/then frame of the decider's scenario tests: the people, a fixed clock and numbered ids, the events so
 * far ({@link #given}) and the state they fold to ({@link #state}).
 */
abstract class DeciderScenario {
    static final DeploymentPolicy POLICY = PolicyTiersTest.SEED;
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final String DEPLOYMENT = "ai-engineering-workflow";
    static final Identity ALICE_ID = new Identity("https://issuer.example", "alice-sub");
    static final Actor ALICE = new Actor("alice", Set.of(Role.Ids.TECH_LEAD), ALICE_ID);
    static final Actor PAT = new Actor("pat", Set.of(Role.Ids.PRODUCT_MANAGER), new Identity("https://issuer.example", "pat-sub"));
    static final Actor ANA = new Actor("ana", Set.of(Role.Ids.ANALYST), new Identity("https://issuer.example", "ana-sub"));
    static final AuthorizationForm APPROVE = new AuthorizationForm(AuthorizationForm.Decision.APPROVE, "workflow cannot execute", 12,
            DataImpact.NONE, AuthorizationForm.Severity.CRITICAL, false);

    final FixedContext context = new FixedContext(T0);
    final IncidentDecider decider = new IncidentDecider(context);
    final List<RewindEvent> history = new ArrayList<>();

    void given(List<RewindEvent> events) {
        history.addAll(events);
    }

    Incident state() {
        return Incident.replay(history);
    }

    List<RewindEvent> whenSignal(String metric, double value) {
        Signal signal = new Signal(DEPLOYMENT, "2.0.0", metric, value, context.now(), null);
        Optional<Classification> classification = POLICY.classify(metric, List.of(new Sample(value, context.now())));
        return decider.onSignal(state(), signal, classification, POLICY);
    }

    /** A tier-2 incident awaiting a tech lead, after the first page: ids 1 to 5 are used (or the next five). */
    UUID givenTierTwoAwaitingAuthorization() {
        given(whenSignal("users_blocked", 6));
        return state().id();
    }

    /** A tier-1 incident whose rollback completed: 2.0.0 back to 1.0.0. */
    UUID givenRestored() {
        given(whenSignal("database_corruption", 1));
        UUID incident = state().id();
        context.advance(Duration.ofMinutes(1));
        given(List.of(new PhaseStarted(context.newId(), incident, context.now(), 1, "Decision and preparation"),
                new RollbackCompleted(context.newId(), incident, context.now(), DEPLOYMENT, "2.0.0", "1.0.0", 8000,
                        "broken.tar.gz")));
        return incident;
    }

    UUID givenRestoredWithRootCause() {
        UUID incident = givenRestored();
        given(List.of(rootCause()));
        return incident;
    }

    PostmortemNoted rootCause() {
        return new PostmortemNoted(context.newId(), state().id(), context.now(), "ana", "analyst", "agent persona renamed",
                List.of(), List.of(), null, null);
    }
}
