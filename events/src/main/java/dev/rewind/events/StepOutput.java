package dev.rewind.events;

/**
 * The outputs of a step that other services read (the timeline, the checklist, the post-mortem): the keys of
 * {@code outputs} in {@code step.completed}. A step may record more for its own journal; those keys are its own.
 */
public enum StepOutput {
    /** 1.2: the diagnostics directory. */
    DIAGNOSTICS("diagnostics"),
    /** 1.2 and 2.2: the file listing what was captured or archived. */
    MANIFEST("manifest"),
    /** 1.3 and 2.3: the archive restored from. */
    SOURCE("source"),
    /** 1.3 and 2.2: the archive's SHA-256. */
    SHA256("sha256"),
    /** 2.2 and 4.1: the broken version's archive. */
    ARCHIVE("archive"),
    /** 2.2: how many files the archive holds. */
    FILES("files"),
    /** 2.3: how many files were restored. */
    RESTORED_FILES("restoredFiles"),
    /** 4.2: the file of differences between the broken and the restored version. */
    DIFFERENCES("differences"),
    /** 4.2: counts of files added, removed, changed and unchanged by the broken version. */
    ADDED("added"), REMOVED("removed"), CHANGED("changed"), UNCHANGED("unchanged"),
    /** 4.2: the files added, removed and changed by the broken version, one per line. */
    ADDED_FILES("addedFiles"), REMOVED_FILES("removedFiles"), CHANGED_FILES("changedFiles"),
    /** 4.2: the file of the logs' ERROR/CRITICAL/FAILED lines, how many there are, and the first of them. */
    ERRORS("errors"), ERROR_LINES("errorLines"), FIRST_ERRORS("firstErrors"),
    /** 3.L: how many log files were checked for errors written since the restart (with {@code errorLines}, {@code firstErrors}). */
    LOGS_CHECKED("logsChecked"),
    /** 4.2: the file of the git change log between the versions, its commit count, and which runbook areas changed. */
    CHANGES("changes"), COMMITS("commits"), CHANGED_AREAS("changedAreas"),
    /** 2.6 and 2.6U: how long the workload was down, from the stop requested (2.1 began) to the started workload running. */
    DOWNTIME_MS("downtimeMs"),
    /** Operator steps (retry, revert): who asked. */
    ACTOR("actor");

    private final String key;

    StepOutput(String key) {
        this.key = key;
    }

    /** The key in {@code outputs}. */
    public String key() {
        return key;
    }
}
