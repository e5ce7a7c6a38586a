package dev.rewind.incident.domain;

import java.time.Duration;
import java.util.List;

import dev.rewind.events.Role;
import dev.rewind.events.TriageDecision;
import dev.rewind.events.TriageSeverity;

/** The runbook's Rollback Decision Tree. An unknown fix time counts as "not in time". */
public final class DecisionTree {

    public record Outcome(TriageDecision decision, List<String> approvalsNeeded) {
        public boolean rollsBack() {
            return decision == TriageDecision.ROLLBACK_IMMEDIATELY || decision == TriageDecision.ROLLBACK
                    || decision == TriageDecision.PLAN_ROLLBACK_MAINTENANCE_WINDOW;
        }
    }

    private DecisionTree() {
    }

    public static Outcome decide(TriageSeverity severity, Integer estimatedFixMinutes, DecisionLimits limits) {
        return switch (severity) {
            case BLOCKING -> new Outcome(TriageDecision.ROLLBACK_IMMEDIATELY, List.of());
            case SEVERE -> inTime(estimatedFixMinutes, limits.severe())
                    ? new Outcome(TriageDecision.ATTEMPT_HOTFIX, List.of())
                    : new Outcome(TriageDecision.ROLLBACK, List.of(Role.Ids.TECH_LEAD, Role.Ids.PRODUCT_MANAGER));
            case MODERATE -> inTime(estimatedFixMinutes, limits.moderate())
                    ? new Outcome(TriageDecision.ATTEMPT_HOTFIX_DEGRADED, List.of())
                    : new Outcome(TriageDecision.ROLLBACK, List.of(Role.Ids.TECH_LEAD));
            case MINOR -> inTime(estimatedFixMinutes, limits.minor())
                    ? new Outcome(TriageDecision.PLAN_HOTFIX_WITH_WORKAROUND, List.of())
                    : new Outcome(TriageDecision.PLAN_ROLLBACK_MAINTENANCE_WINDOW, List.of(Role.Ids.TECH_LEAD));
            case NONE -> new Outcome(TriageDecision.CONTINUE_MONITORING, List.of());
        };
    }

    private static boolean inTime(Integer estimatedFixMinutes, Duration limit) {
        return estimatedFixMinutes != null && estimatedFixMinutes < limit.toMinutes();
    }
}
