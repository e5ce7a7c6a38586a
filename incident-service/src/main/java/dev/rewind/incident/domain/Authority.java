package dev.rewind.incident.domain;

import java.util.List;
import java.util.Optional;

/**
 * The runbook's Decision Authority: tech lead (primary) or infrastructure lead; the senior on-call
 * engineer only once the escalation has passed both leads; the product manager only to add the
 * approval a SEVERE rollback needs.
 */
public final class Authority {

    private Authority() {
    }

    /** The role in which the actor may act on this incident's authorization, if any. */
    public static Optional<String> actingRole(Actor actor, Incident incident) {
        if (actor.has(Roles.TECH_LEAD)) {
            return Optional.of(Roles.TECH_LEAD);
        }
        if (actor.has(Roles.INFRASTRUCTURE_LEAD)) {
            return Optional.of(Roles.INFRASTRUCTURE_LEAD);
        }
        if (actor.has(Roles.SENIOR_ONCALL) && escalationPassedBothLeads(incident)) {
            return Optional.of(Roles.SENIOR_ONCALL);
        }
        if (actor.has(Roles.PRODUCT_MANAGER) && incident.requiredRoles().contains(Roles.PRODUCT_MANAGER)) {
            return Optional.of(Roles.PRODUCT_MANAGER);
        }
        return Optional.empty();
    }

    public static String whyNot(Actor actor, Incident incident) {
        if (actor.has(Roles.SENIOR_ONCALL)) {
            return "senior-oncall may authorize only after the escalation has passed the tech lead and the infrastructure lead";
        }
        if (actor.has(Roles.PRODUCT_MANAGER)) {
            return "product-manager approval is needed only for a SEVERE rollback, which this incident is not";
        }
        return "roles " + actor.roles().stream().sorted().toList() + " may not authorize a rollback";
    }

    static boolean escalationPassedBothLeads(Incident incident) {
        return incident.escalatedRoles().contains(Roles.TECH_LEAD)
                && incident.escalatedRoles().contains(Roles.INFRASTRUCTURE_LEAD);
    }

    /** Whether the approvals given so far are enough: a lead's, plus a product manager's (another person, by issuer + subject) if required. */
    public static boolean satisfied(Incident incident, List<Incident.Approval> approvals) {
        Optional<Incident.Approval> lead = approvals.stream()
                .filter(a -> !a.role().equals(Roles.PRODUCT_MANAGER)).findFirst();
        if (lead.isEmpty()) {
            return false;
        }
        if (!incident.requiredRoles().contains(Roles.PRODUCT_MANAGER)) {
            return true;
        }
        return approvals.stream().anyMatch(a -> a.role().equals(Roles.PRODUCT_MANAGER)
                && approvals.stream().anyMatch(l -> !l.role().equals(Roles.PRODUCT_MANAGER) && !l.person().equals(a.person())));
    }
}
