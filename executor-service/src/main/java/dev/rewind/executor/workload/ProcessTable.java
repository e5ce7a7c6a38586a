package dev.rewind.executor.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the executor may ask of the host's processes. A zombie (exited, never reaped by its parent) counts as
 * gone: it runs nothing and no signal can reach it, so waiting for it would wait forever.
 */
final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    private ProcessTable() {
    }

    static boolean running(ProcessHandle process) {
        return process.isAlive() && !zombie(process.pid());
    }

    /** Waits until none of {@code processes} runs, or the deadline; returns those still running. */
    static List<ProcessHandle> awaitExit(Collection<ProcessHandle> processes, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        List<ProcessHandle> left = stillRunning(processes);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            left = stillRunning(left);
        }
        return left;
    }

    /** The process and everything it started, parents before children. */
    static List<ProcessHandle> tree(ProcessHandle root) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants()).toList();
    }

    /**
     * The arguments as the process was given them, joined by spaces ({@code /proc/<pid>/cmdline}, as pgrep reads it;
     * the JDK's own command line puts the resolved executable path in place of argv[0]).
     */
    static Optional<String> commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(process.pid())).resolve("cmdline"));
            int length = raw.length > 0 && raw[raw.length - 1] == 0 ? raw.length - 1 : raw.length;
            if (length == 0) {
                return Optional.empty();
            }
            return Optional.of(new String(raw, 0, length, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException | RuntimeException e) {
            return process.info().commandLine();
        }
    }

    static Optional<String> user(ProcessHandle process) {
        return process.info().user();
    }

    private static List<ProcessHandle> stillRunning(Collection<ProcessHandle> processes) {
        return processes.stream().filter(ProcessTable::running).toList();
    }

    /** Linux's state letter, the field after the parenthesised command name of {@code /proc/<pid>/stat}. */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
