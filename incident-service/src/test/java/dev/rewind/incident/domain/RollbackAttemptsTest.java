package dev.rewind.incident.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rewind.events.AuthorizationEvent;
import dev.rewind.events.AuthorizationEvent.AuthorizationRequested;
import dev.rewind.events.AuthorizationEvent.RollbackAuthorized;
import dev.rewind.events.PhaseEvent.PhaseStarted;
import dev.rewind.events.PhaseEvent.RollbackFailed;
import dev.rewind.events.PhaseEvent.StepCompleted;
import dev.rewind.events.PhaseEvent.StepFailed;
import dev.rewind.events.RewindEvent;
import dev.rewind.incident.timeline.Timeline;
import dev.rewind.incident.timeline.TimelineFold;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retry after failure (issue 19, part 2) as scenarios: a lead asks for another attempt of a failed rollback, which is a
 * fresh authorization; the timeline keeps every attempt's steps apart. No broker, no database.
 */
class RollbackAttemptsTest extends DeciderScenario {

    @Test
    void a_lead_asks_for_attempt_two_of_a_failed_rollback_and_it_starts_from_a_fresh_authorization() {
        UUID incident = givenFailedAfterAliceApproved();

        Decision asked = decider.requestAttempt(state(), "the backup volume was remounted", ALICE);

        assertThat(asked.events()).singleElement().isInstanceOfSatisfying(AuthorizationRequested.class, e -> {
            assertThat(e.attempt()).isEqualTo(2);
            assertThat(e.requiredRoles()).containsExactly("tech-lead");
            assertThat(e.reason()).isEqualTo("attempt 2 asked by alice: the backup volume was remounted");
        });
        given(asked.events());
        assertThat(state().status()).isEqualTo(Status.AWAITING_AUTHORIZATION);
        assertThat(state().approvals()).as("attempt 1's approval does not carry over").isEmpty();
        assertThat(state().escalationLevel()).as("paged from the start of the path").isZero();
        assertThat(state().authorizationRequestedAt()).isEqualTo(context.now());
        assertThat(decider.quietWindowStart(state(), POLICY)).as("not ended as recovered while attempt 2 awaits").isEmpty();

        Decision approved = decider.authorize(state(), APPROVE, ALICE);
        assertThat(approved.events()).last().isInstanceOfSatisfying(RollbackAuthorized.class, go -> {
            assertThat(go.incidentId()).isEqualTo(incident);
            assertThat(go.attempt()).isEqualTo(2);
        });
        given(approved.events());
        assertThat(state().status()).isEqualTo(Status.AUTHORIZED);
        assertThat(state().attempt()).isEqualTo(2);
    }

    @Test
    void only_a_lead_may_ask_and_only_after_a_failed_rollback_and_at_most_ten_times() {
        givenTierTwoAwaitingAuthorization();
        assertThat(decider.requestAttempt(state(), "again", ALICE).rejection().message())
                .isEqualTo("only a failed rollback can be tried again; this incident is AWAITING_AUTHORIZATION");

        history.clear();
        givenFailedAfterAliceApproved();
        assertThat(decider.requestAttempt(state(), "again", PAT).rejection().kind()).isEqualTo(Decision.Kind.FORBIDDEN);
        assertThat(decider.requestAttempt(state(), "again", ANA).rejection().kind()).isEqualTo(Decision.Kind.FORBIDDEN);
        for (int attempt = 2; attempt <= AuthorizationEvent.MAX_ATTEMPTS; attempt++) {
            given(decider.requestAttempt(state(), "again", ALICE).events());
            given(decider.authorize(state(), APPROVE, ALICE).events());
            given(List.of(new RollbackFailed(context.newId(), state().id(), context.now(), DEPLOYMENT, "2.2 failed again", List.of())));
        }
        Decision eleventh = decider.requestAttempt(state(), "again", ALICE);
        assertThat(eleventh.rejection().kind()).isEqualTo(Decision.Kind.CONFLICT);
        assertThat(eleventh.rejection().message()).startsWith("this incident had 10 rollback attempts");
    }

    @Test
    void the_timeline_names_a_second_attempt_s_bars_apart_and_spans_both() {
        UUID incident = givenFailedAfterAliceApproved();
        context.advance(Duration.ofMinutes(5));
        given(decider.requestAttempt(state(), "retry", ALICE).events());
        given(decider.authorize(state(), APPROVE, ALICE).events());
        given(List.of(new PhaseStarted(context.newId(), incident, context.now(), 1, "Decision and preparation"),
                new StepCompleted(context.newId(), incident, context.now(), 1, "1.2", "Capture diagnostic information", 40, Map.of())));

        Timeline timeline = TimelineFold.fold(incident, history, null);

        assertThat(timeline.execution().attempts()).isEqualTo(2);
        assertThat(timeline.execution().steps()).extracting(Timeline.Bar::id).containsExactly("1.2", "2.2", "1.2@2");
        assertThat(timeline.execution().steps()).extracting(Timeline.Bar::status).containsExactly("COMPLETED", "FAILED", "COMPLETED");
        assertThat(timeline.execution().phases()).extracting(Timeline.Bar::id).containsExactly("1", "1@2");
        assertThat(timeline.authorization().entries()).extracting(Timeline.AuthorizationEntry::kind)
                .contains("requested for attempt 2", "rollback attempt 2 authorized");
    }

    /** A tier-2 incident alice approved, whose rollback failed at 2.2 with nothing swapped. */
    private UUID givenFailedAfterAliceApproved() {
        UUID incident = givenTierTwoAwaitingAuthorization();
        given(decider.authorize(state(), APPROVE, ALICE).events());
        List<RewindEvent> ran = List.of(new PhaseStarted(context.newId(), incident, context.now(), 1, "Decision and preparation"),
                new StepCompleted(context.newId(), incident, context.now(), 1, "1.2", "Capture diagnostic information", 50, Map.of()),
                new StepFailed(context.newId(), incident, context.now(), 2, "2.2", "Back up the current (broken) version", 10, "disk full"),
                new RollbackFailed(context.newId(), incident, context.now(), DEPLOYMENT, "2.2 failed: disk full", List.of()));
        given(ran);
        assertThat(state().status()).isEqualTo(Status.ROLLBACK_FAILED);
        return incident;
    }
}
