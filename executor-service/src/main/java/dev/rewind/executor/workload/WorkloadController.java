package dev.rewind.executor.workload;

import java.io.IOException;
import java.util.Map;

/** Pauses and restarts a deployment's workload (runbook 2.1 and 2.6). Both are safe to repeat. */
public interface WorkloadController {
    /** Output of {@link #start}: when the started workload began to run (ISO-8601), where that is earlier than the return. */
    String RUNNING_SINCE = "runningSince";

    /** Stops the workload; the returned map is what the step reports (counts, pids, replicas). */
    Map<String, String> stop() throws IOException, InterruptedException;

    /** Starts it again and checks that it runs; {@code stopped} is what {@link #stop()} reported. */
    Map<String, String> start(Map<String, String> stopped) throws IOException, InterruptedException;
}
