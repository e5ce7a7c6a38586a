package dev.rewind.executor.workload;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Local processes matched by command-line patterns (the runbook's {@code pkill -f}): SIGTERM, a grace
 * period, SIGKILL for what is left, then a check that none remain. Starting runs the configured command
 * detached in the target directory and checks it is still alive a moment later.
 */
public final class ProcessController implements WorkloadController {
    private static final Duration SETTLE = Duration.ofMillis(500);

    private final List<Pattern> patterns;
    private final List<String> startCommand;
    private final Duration gracePeriod;
    private final Path workingDirectory;
    private final Path log;

    public ProcessController(List<String> match, List<String> startCommand, Duration gracePeriod, Path workingDirectory, Path log) {
        this.patterns = match.stream().map(Pattern::compile).toList();
        this.startCommand = List.copyOf(startCommand);
        this.gracePeriod = gracePeriod;
        this.workingDirectory = workingDirectory;
        this.log = log;
    }

    public List<ProcessHandle> matching() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .filter(p -> p.info().commandLine().map(this::matches).orElse(false))
                .toList();
    }

    private boolean matches(String commandLine) {
        return patterns.stream().anyMatch(p -> p.matcher(commandLine).find());
    }

    @Override
    public Map<String, String> stop() throws IOException, InterruptedException {
        List<ProcessHandle> running = matching();
        running.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(gracePeriod);
        while (running.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        List<ProcessHandle> stubborn = running.stream().filter(ProcessHandle::isAlive).toList();
        stubborn.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : stubborn) {
            process.onExit().join();
        }
        List<ProcessHandle> left = matching();
        if (!left.isEmpty()) {
            throw new IOException("processes still running after SIGKILL: " + left.stream().map(ProcessHandle::pid).toList());
        }
        return Map.of("controller", "process", "stopped", Integer.toString(running.size()),
                "forced", Integer.toString(stubborn.size()),
                "pids", running.stream().map(p -> Long.toString(p.pid())).reduce((a, b) -> a + "," + b).orElse(""));
    }

    @Override
    public Map<String, String> start(Map<String, String> stopped) throws IOException, InterruptedException {
        if (startCommand.isEmpty()) {
            return Map.of("controller", "process", "started", "0", "note", "no start command configured");
        }
        if (!matching().isEmpty()) {
            return Map.of("controller", "process", "started", "0", "running", Integer.toString(matching().size()));
        }
        Process process = new ProcessBuilder(startCommand)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Thread.sleep(SETTLE.toMillis());
        if (!process.isAlive() && process.exitValue() != 0) {
            throw new IOException("start command exited with " + process.exitValue() + "; see " + log);
        }
        return Map.of("controller", "process", "started", "1", "pid", Long.toString(process.pid()));
    }
}
