package dev.rewind.events;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The roles of the contract (runbook: Decision Authority, Contact Information), as a token's {@code groups} claim and
 * the events' {@code role} fields carry them: {@link #id()}. {@link Ids} holds the same ids as constants, for
 * annotations such as {@code @RolesAllowed}.
 */
public enum Role {
    TECH_LEAD(Ids.TECH_LEAD),
    INFRASTRUCTURE_LEAD(Ids.INFRASTRUCTURE_LEAD),
    SENIOR_ONCALL(Ids.SENIOR_ONCALL),
    PRODUCT_MANAGER(Ids.PRODUCT_MANAGER),
    QA_LEAD(Ids.QA_LEAD),
    ANALYST(Ids.ANALYST),
    SIGNAL_PUBLISHER(Ids.SIGNAL_PUBLISHER);

    /** The leads who authorize any rollback alone (runbook: Decision Authority). */
    public static final List<Role> LEADS = List.of(TECH_LEAD, INFRASTRUCTURE_LEAD);

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The role a token's group or an event's {@code role} names, if the contract has it. */
    public static Optional<Role> of(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    public static List<String> ids(List<Role> roles) {
        return roles.stream().map(Role::id).toList();
    }

    /** The roles' ids as compile-time constants. */
    public static final class Ids {
        public static final String TECH_LEAD = "tech-lead";
        public static final String INFRASTRUCTURE_LEAD = "infrastructure-lead";
        public static final String SENIOR_ONCALL = "senior-oncall";
        public static final String PRODUCT_MANAGER = "product-manager";
        public static final String QA_LEAD = "qa-lead";
        public static final String ANALYST = "analyst";
        public static final String SIGNAL_PUBLISHER = "signal-publisher";

        private Ids() {
        }
    }
}
