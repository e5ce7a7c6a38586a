package dev.rewind.incident.domain;

/** Where an incident stands; follows its own decisions and the executor's progress. */
public enum Status {
    MONITORING, AWAITING_AUTHORIZATION, AUTHORIZED, DENIED, ROLLING_BACK, VERIFYING, RESTORED, ROLLBACK_FAILED, RESOLVED;

    /** Closed incidents no longer take signals: the next bad signal of the deployment opens a new one. */
    public boolean isClosed() {
        return this == RESTORED || this == RESOLVED;
    }
}
