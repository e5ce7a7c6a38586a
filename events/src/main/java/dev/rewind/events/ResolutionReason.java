package dev.rewind.events;

/**
 * Why an incident ended ({@code incident.resolved}). A lead gives the first three through the REST API; Rewind
 * decides the others from the incident's signals and its stream.
 */
public enum ResolutionReason {
    /** A lead closed it: a false alarm, a rollback restored and reviewed, an authorization nothing acted on. */
    LEAD_DECISION(true),
    /** After a failed rollback (or a denial), a lead decided to stay on the version and fix forward. */
    STAY_ON_VERSION(true),
    /** A lead declared the hotfix deployed (the version it names). */
    HOTFIX_DEPLOYED(true),
    /** The metric that opened the incident stayed below every tier for the policy's {@code recoveredFor}. */
    METRIC_RECOVERED(false),
    /** A denied incident's deployment stayed below every tier for the policy's {@code deniedQuietFor}. */
    QUIET_PERIOD(false),
    /**
     * A restored incident's Rollback Coordination Checklist is complete, every item checked by the event that proves it.
     * Its redeployment goes on: the gate keeps asking for the hotfix's sign-offs until a lead declares it deployed.
     */
    CHECKLIST_COMPLETE(false);

    private final boolean byPerson;

    ResolutionReason(boolean byPerson) {
        this.byPerson = byPerson;
    }

    /** Whether a person gives this reason; the others only Rewind records. */
    public boolean byPerson() {
        return byPerson;
    }
}
