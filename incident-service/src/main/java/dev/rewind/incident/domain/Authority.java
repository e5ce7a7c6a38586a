package dev.rewind.incident.domain;

import dev.rewind.events.Role;

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
        if (actor.has(Role.Ids.TECH_LEAD)) {
            return Optional.of(Role.Ids.TECH_LEAD);
        }
        if (actor.has(Role.Ids.INFRASTRUCTURE_LEAD)) {
            return Optional.of(Role.Ids.INFRASTRUCTURE_LEAD);
        }
        if (actor.has(Role.Ids.SENIOR_ONCALL) && escalationPassedBothLeads(incident)) {
            return Optional.of(Role.Ids.SENIOR_ONCALL);
        }
        if (actor.has(Role.Ids.PRODUCT_MANAGER) && incident.requiredRoles().contains(Role.Ids.PRODUCT_MANAGER)) {
            return Optional.of(Role.Ids.PRODUCT_MANAGER);
        }
        return Optional.empty();
    }

    /** The lead role in which the actor may end an incident: tech lead or infrastructure lead. */
    public static Optional<String> leadRole(Actor actor) {
        return actor.has(Role.Ids.TECH_LEAD) ? Optional.of(Role.Ids.TECH_LEAD)
                : actor.has(Role.Ids.INFRASTRUCTURE_LEAD) ? Optional.of(Role.Ids.INFRASTRUCTURE_LEAD) : Optional.empty();
    }

    public static String whyNot(Actor actor, Incident incident) {
        if (actor.has(Role.Ids.SENIOR_ONCALL)) {
            return "senior-oncall may authorize only after the escalation has passed the tech lead and the infrastructure lead";
        }
        if (actor.has(Role.Ids.PRODUCT_MANAGER)) {
            return "product-manager approval is needed only for a SEVERE rollback, which this incident is not";
        }
        return "roles " + actor.roles().stream().sorted().toList() + " may not authorize a rollback";
    }

    static boolean escalationPassedBothLeads(Incident incident) {
        return incident.escalatedRoles().contains(Role.Ids.TECH_LEAD)
                && incident.escalatedRoles().contains(Role.Ids.INFRASTRUCTURE_LEAD);
    }

    /** Whether the approvals given so far are enough: a lead's, plus a product manager's (another person, by issuer + subject) if required. */
    public static boolean satisfied(List<String> requiredRoles, List<Incident.Approval> approvals) {
        Optional<Incident.Approval> lead = approvals.stream()
                .filter(a -> !a.role().equals(Role.Ids.PRODUCT_MANAGER)).findFirst();
        if (lead.isEmpty()) {
            return false;
        }
        if (!requiredRoles.contains(Role.Ids.PRODUCT_MANAGER)) {
            return true;
        }
        return approvals.stream().anyMatch(a -> a.role().equals(Role.Ids.PRODUCT_MANAGER)
                && approvals.stream().anyMatch(l -> !l.role().equals(Role.Ids.PRODUCT_MANAGER) && !l.person().equals(a.person())));
    }
}
