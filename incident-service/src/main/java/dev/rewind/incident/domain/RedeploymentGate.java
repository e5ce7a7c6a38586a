package dev.rewind.incident.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.rewind.events.SignOff;

/**
 * Whether a deployment pipeline may deploy a version (runbook "Steps to Redeployment"), from the deployment's
 * incidents: never while a rollback of it runs; never a version a rollback took away; and after a rollback whose
 * redeployment is not over (a complete checklist ends the incident, not the redeployment), only the restored version or
 * a hotfix every sign-off was given for.
 */
public final class RedeploymentGate {

    /** The answer: allowed, or why not; {@code incidentId} the incident that decides, {@code missing} its missing sign-offs. */
    public record Verdict(String deployment, String version, boolean allowed, List<String> reasons, UUID incidentId,
                          List<SignOff> missing) {
    }

    private RedeploymentGate() {
    }

    /** @param incidents the deployment's incidents, any order */
    public static Verdict check(String deployment, String version, List<Incident> incidents) {
        List<String> reasons = new ArrayList<>();
        UUID deciding = null;
        List<SignOff> missing = List.of();
        for (Incident incident : incidents) {
            if (incident.status() == Status.AUTHORIZED || incident.status() == Status.ROLLING_BACK || incident.status() == Status.VERIFYING) {
                reasons.add("a rollback of " + deployment + " is under way (incident " + incident.id() + ", " + incident.status() + ")");
                deciding = incident.id();
            }
            if (incident.redeployment().rolledBack() && incident.version().equals(version)) {
                reasons.add(version + " was rolled back by incident " + incident.id() + "; deploy a hotfix version instead");
                deciding = incident.id();
            }
        }
        Incident latest = incidents.stream().filter(i -> i.redeployment().rolledBack())
                .max(Comparator.comparing(Incident::openedAt)).orElse(null);
        if (reasons.isEmpty() && latest != null && !latest.redeployment().concluded()
                && !version.equals(latest.redeployment().restoredVersion())) {
            missing = latest.redeployment().missing(version);
            if (!latest.redeployment().rootCauseNoted()) {
                reasons.add("the root cause analysis of incident " + latest.id() + " is not complete");
            }
            if (!missing.isEmpty()) {
                reasons.add(version + " lacks the sign-offs " + missing + " after the rollback of incident " + latest.id());
            }
            deciding = reasons.isEmpty() ? null : latest.id();
        }
        return new Verdict(deployment, version, reasons.isEmpty(), List.copyOf(reasons), deciding, missing);
    }
}
