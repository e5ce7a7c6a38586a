package dev.rewind.events;

/**
 * The runbook's sign-offs before a hotfix may be deployed after a rollback ("Steps to Redeployment"), each given by
 * its own role and each by a different person. The root cause analysis before them is the post-mortem's root cause.
 */
public enum SignOff {
    /** Tests passing: the tech lead approves the fix. */
    FIX_APPROVED(Role.TECH_LEAD),
    /** Testing certified by the QA lead. */
    TESTING_CERTIFIED(Role.QA_LEAD),
    /** Deployment approved by the product manager. */
    DEPLOYMENT_APPROVED(Role.PRODUCT_MANAGER);

    private final Role role;

    SignOff(Role role) {
        this.role = role;
    }

    /** Who gives this sign-off. */
    public Role role() {
        return role;
    }
}
