package dev.rewind.verifier.checks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rewind.events.CheckKind;

/** Runbook 3.2: the operator's functional test command, in the tree, with a time limit (60 min by default). */
public record FunctionalTestCheck(List<String> command, Duration limit) implements Check {

    @Override
    public String name() {
        return "functional test";
    }

    @Override
    public CheckKind kind() {
        return CheckKind.FUNCTIONAL_TEST;
    }

    @Override
    public CheckResult run(Path tree, String expectedVersion) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(tree.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String expected = "exit 0 within " + limit.toMinutes() + " min";
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return CheckResult.inconclusive(name(), expected, "did not finish within " + limit);
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        String found = "exit " + process.exitValue() + " after " + seconds + " s";
        return process.exitValue() == 0 ? CheckResult.passed(name(), expected, found)
                : CheckResult.failed(name(), expected, found, String.join(" ", command) + " failed");
    }
}
