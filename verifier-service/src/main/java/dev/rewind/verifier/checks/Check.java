package dev.rewind.verifier.checks;

import java.nio.file.Path;

import dev.rewind.events.CheckKind;

/** One verification check against a deployment tree. It reports, it never throws. */
public interface Check {
    String name();

    CheckKind kind();

    CheckResult run(Path tree, String expectedVersion) throws Exception;
}
