package dev.rewind.incident.domain;

import java.util.Set;

/** The roles of the contract, as carried in a token's {@code groups} claim. */
public final class Roles {
    public static final String TECH_LEAD = "tech-lead";
    public static final String INFRASTRUCTURE_LEAD = "infrastructure-lead";
    public static final String SENIOR_ONCALL = "senior-oncall";
    public static final String PRODUCT_MANAGER = "product-manager";
    public static final String QA_LEAD = "qa-lead";
    public static final String ANALYST = "analyst";
    public static final String SIGNAL_PUBLISHER = "signal-publisher";

    public static final Set<String> ALL = Set.of(TECH_LEAD, INFRASTRUCTURE_LEAD, SENIOR_ONCALL, PRODUCT_MANAGER, QA_LEAD,
            ANALYST, SIGNAL_PUBLISHER);
    public static final Set<String> LEADS = Set.of(TECH_LEAD, INFRASTRUCTURE_LEAD);

    private Roles() {
    }
}
