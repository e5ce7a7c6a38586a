package dev.rewind.executor.workload;

import java.util.Map;

/** For deployments whose workload Rewind does not manage. */
public final class NoController implements WorkloadController {
    @Override
    public Map<String, String> stop() {
        return Map.of("controller", "none");
    }

    @Override
    public Map<String, String> start(Map<String, String> stopped) {
        return Map.of("controller", "none");
    }
}
