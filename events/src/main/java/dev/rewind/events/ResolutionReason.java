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
    QUIET_PERIOD(false);

    private final boolean byPerson;

    ResolutionReason(boolean byPerson) {
        this.byPerson = byPerson;
    }

    /** Whether a person gives this reason; the others only Rewind records. */
    public boolean byPerson() {
        return byPerson;
    }
}
