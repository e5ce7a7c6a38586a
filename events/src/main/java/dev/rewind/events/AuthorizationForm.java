package dev.rewind.events;

import static dev.rewind.events.Require.positive;
import static dev.rewind.events.Require.present;
import static dev.rewind.events.Require.text;

/** The runbook's Rollback Authorization Form. Who authorized comes from the token, never from here. */
public record AuthorizationForm(Decision decision, String criticalIssue, int usersAffected, DataImpact dataImpact,
                                Severity severity, boolean dataLossAccepted) {
    public static final int MAX_CRITICAL_ISSUE = 200;

    public enum Decision { APPROVE, DENY }

    public enum DataImpact { NONE, POSSIBLE, LIKELY }

    public enum Severity { CRITICAL, MAJOR, OTHER }

    public AuthorizationForm {
        present(decision, "decision");
        text(criticalIssue, "criticalIssue", MAX_CRITICAL_ISSUE);
        positive(usersAffected, "usersAffected");
        present(dataImpact, "dataImpact");
        present(severity, "severity");
    }
}
