package dev.rewind.events;

/** Validation runs before the restart (runbook 2.4, 2.5), smoke after it (3.1, 3.2). */
public enum VerificationStage {
    VALIDATION, SMOKE
}
