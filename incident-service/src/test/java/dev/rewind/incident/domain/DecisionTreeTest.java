package dev.rewind.incident.domain;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.events.TriageDecision;
import dev.rewind.events.TriageSeverity;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the runbook's decision tree (ARCHITECTURE.md's table). */
class DecisionTreeTest {

    @ParameterizedTest(name = "{0}, fix in {1} min -> {2}")
    @CsvSource(nullValues = "null", value = {
            "BLOCKING, null, ROLLBACK_IMMEDIATELY,             ''",
            "BLOCKING, 5,    ROLLBACK_IMMEDIATELY,             ''",
            "SEVERE,   59,   ATTEMPT_HOTFIX,                   ''",
            "SEVERE,   60,   ROLLBACK,                         tech-lead product-manager",
            "SEVERE,   null, ROLLBACK,                         tech-lead product-manager",
            "MODERATE, 119,  ATTEMPT_HOTFIX_DEGRADED,          ''",
            "MODERATE, 120,  ROLLBACK,                         tech-lead",
            "MINOR,    239,  PLAN_HOTFIX_WITH_WORKAROUND,      ''",
            "MINOR,    240,  PLAN_ROLLBACK_MAINTENANCE_WINDOW, tech-lead",
            "NONE,     null, CONTINUE_MONITORING,              ''",
    })
    void decides_as_the_runbook(TriageSeverity severity, Integer fixMinutes, TriageDecision decision, String approvals) {
        DecisionTree.Outcome outcome = DecisionTree.decide(severity, fixMinutes, DecisionLimits.RUNBOOK);
        assertThat(outcome.decision()).isEqualTo(decision);
        assertThat(outcome.approvalsNeeded()).isEqualTo(approvals.isBlank() ? List.of() : List.of(approvals.split(" ")));
    }
}
