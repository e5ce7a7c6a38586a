package dev.rewind.verifier.checks;

import java.nio.file.Path;

/** One verification check against a deployment tree. It reports, it never throws. */
public interface Check {
    String name();

    CheckResult run(Path tree, String expectedVersion) throws Exception;
}
