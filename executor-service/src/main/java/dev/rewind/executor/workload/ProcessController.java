package dev.rewind.executor.workload;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Local processes (the runbook's {@code pkill -f}, made safe). The workload is every process of the configured
 * user whose <em>whole</em> command line matches a pattern (as {@code pgrep -x -f}), plus the one this controller
 * started (its pid file), each with its whole process tree. A process that matches but runs as another user is
 * not ours: stopping refuses before it signals anything. Stopping sends SIGTERM, waits the grace period, sends
 * SIGKILL, and waits a bounded time; a process that outlives that fails the step by name. Starting runs the
 * configured command in the target directory, in the foreground, and checks that this very process is running
 * a moment later (a process that merely matches is not proof).
 */
public final class ProcessController implements WorkloadController {
    static final Duration SETTLE = Duration.ofMillis(500);
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> match;
    private final List<Pattern> patterns;
    private final String user;
    private final List<String> startCommand;
    private final Duration gracePeriod;
    private final Duration killTimeout;
    private final Path workingDirectory;
    private final Path log;
    private final Path pidFile;

    public ProcessController(List<String> match, String user, List<String> startCommand, Duration gracePeriod,
                             Duration killTimeout, Path workingDirectory, Path log, Path pidFile) {
        this.match = List.copyOf(match);
        this.patterns = match.stream().map(Pattern::compile).toList();
        this.user = user;
        this.startCommand = List.copyOf(startCommand);
        this.gracePeriod = gracePeriod;
        this.killTimeout = killTimeout;
        this.workingDirectory = workingDirectory;
        this.log = log;
        this.pidFile = pidFile;
    }

    /** The user the executor runs as: the default scope. */
    public static String currentUser() {
        return ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
    }

    /** The workload's processes, trees included; fails when a process matches that is not ours. */
    public List<ProcessHandle> workload() throws IOException {
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> matched = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && ProcessTable.running(p))
                .filter(p -> ProcessTable.commandLine(p).map(this::matches).orElse(false))
                .toList();
        List<ProcessHandle> foreign = matched.stream().filter(p -> !ProcessTable.user(p).map(user::equals).orElse(false)).toList();
        if (!foreign.isEmpty()) {
            throw new IOException("processes match workload.match " + match + " but are not ours (workload.user " + user + "): "
                    + foreign.stream().map(p -> p.pid() + " (user " + ProcessTable.user(p).orElse("unknown") + ")").toList()
                    + "; nothing was stopped: narrow the patterns or set workload.user");
        }
        return Stream.concat(matched.stream(), started().stream())
                .flatMap(root -> ProcessTable.tree(root).stream())
                .filter(ProcessTable::running)
                .collect(Collectors.toMap(ProcessHandle::pid, p -> p, (a, b) -> a, LinkedHashMap::new))
                .values().stream().toList();
    }

    private boolean matches(String commandLine) {
        return patterns.stream().anyMatch(p -> p.matcher(commandLine).matches());
    }

    @Override
    public Map<String, String> stop() throws IOException, InterruptedException {
        List<ProcessHandle> running = workload();
        running.forEach(ProcessHandle::destroy);
        List<ProcessHandle> stubborn = ProcessTable.awaitExit(running, gracePeriod);
        stubborn.forEach(ProcessHandle::destroyForcibly);
        List<ProcessHandle> unkillable = ProcessTable.awaitExit(stubborn, killTimeout);
        if (!unkillable.isEmpty()) {
            throw new IOException("processes " + pids(unkillable) + " still run " + killTimeout.toSeconds()
                    + " s after SIGKILL (not ours to signal, or stuck in the kernel); the workload is not stopped");
        }
        List<ProcessHandle> left = workload();
        if (!left.isEmpty()) {
            throw new IOException("processes " + pids(left) + " match the workload after it was stopped (restarted by a supervisor?)");
        }
        Files.deleteIfExists(pidFile);
        return Map.of("controller", "process", "stopped", Integer.toString(running.size()),
                "forced", Integer.toString(stubborn.size()), "pids", String.join(",", pids(running)));
    }

    @Override
    public Map<String, String> start(Map<String, String> stopped) throws IOException, InterruptedException {
        if (startCommand.isEmpty()) {
            return Map.of("controller", "process", "started", "0", "note", "no start command configured");
        }
        Optional<ProcessHandle> earlier = started();
        if (earlier.isPresent()) {
            return Map.of("controller", "process", "started", "0", "pid", Long.toString(earlier.get().pid()),
                    "note", "already started by this controller (" + pidFile + ")");
        }
        Files.createDirectories(log.getParent());
        Instant launched = Instant.now();
        Process process = new ProcessBuilder(startCommand)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        recordStarted(process.toHandle());
        if (process.waitFor(SETTLE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            Files.deleteIfExists(pidFile);
            throw new IOException("the start command exited with " + process.exitValue() + " within " + SETTLE.toMillis()
                    + " ms; it must keep the workload running in the foreground; see " + log);
        }
        return Map.of("controller", "process", "started", "1", "pid", Long.toString(process.pid()), RUNNING_SINCE, launched.toString());
    }

    /** The process this controller started, while it runs: same pid and same start time (pids are reused). */
    Optional<ProcessHandle> started() {
        try {
            String[] recorded = Files.readString(pidFile, StandardCharsets.US_ASCII).trim().split(" ");
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(recorded[0]));
            Instant startedAt = Instant.ofEpochMilli(Long.parseLong(recorded[1]));
            return process.filter(ProcessTable::running)
                    .filter(p -> p.info().startInstant().map(startedAt::equals).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void recordStarted(ProcessHandle process) throws IOException {
        Instant startedAt = process.info().startInstant().orElse(Instant.EPOCH);
        Path written = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.createDirectories(pidFile.getParent());
        Files.writeString(written, process.pid() + " " + startedAt.toEpochMilli() + "\n", StandardCharsets.US_ASCII);
        Files.move(written, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> pids(List<ProcessHandle> processes) {
        return processes.stream().map(p -> Long.toString(p.pid())).toList();
    }
}
