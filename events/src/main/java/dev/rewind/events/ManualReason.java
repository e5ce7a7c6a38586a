package dev.rewind.events;

/** The runbook's reasons a tech lead may open a rollback by hand. */
public enum ManualReason {
    UNDISCOVERED_CRITICAL_BUG, INTEGRATION_FAILURE, INFRASTRUCTURE_INCOMPATIBILITY, THIRD_PARTY_DEPENDENCY_FAILURE, REGULATORY_COMPLIANCE
}
