package dev.rewind.testing;

/** The stand-in workloads tests and benchmarks start ({@code sh -c "sleep 3600; : <marker>"}). */
public final class Workloads {
    private Workloads() {
    }

    /** Stops every process whose command line holds {@code marker}, children first: a shell's sleep is not left behind. */
    public static void stopAll(String marker) {
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(p -> {
                    p.descendants().forEach(ProcessHandle::destroy);
                    p.destroy();
                });
    }
}
