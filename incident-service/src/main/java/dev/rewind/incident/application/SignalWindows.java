package dev.rewind.incident.application;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.rewind.events.Sample;
import dev.rewind.incident.domain.DeploymentPolicy;
import dev.rewind.incident.domain.SampleWindow;

/**
 * The sample windows this instance keeps in memory, per deployment, each marked with the deployment's count of
 * recorded samples it is whole up to and how far back it reaches. A window behind the table's count (another
 * instance or the REST intake recorded a sample meanwhile), or too short for a late signal, is loaded again;
 * the least recently used deployments are forgotten beyond a bound.
 */
final class SignalWindows {
    private record Windows(long samples, Instant completeFrom, Map<String, SampleWindow> byMetric) {
    }

    private final Map<String, Windows> byDeployment;

    SignalWindows(int maxDeployments) {
        this.byDeployment = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Windows> eldest) {
                return size() > maxDeployments;
            }
        };
    }

    /** Whether the deployment's windows are whole for a batch that found {@code countBefore} samples recorded. */
    boolean isWhole(String deployment, long countBefore, Instant from) {
        Windows windows = byDeployment.get(deployment);
        return windows != null && windows.samples == countBefore && !from.isBefore(windows.completeFrom);
    }

    /** Replaces the deployment's windows with its history from the table, read from {@code from} on. */
    void load(String deployment, long countBefore, Instant from, Map<String, java.util.List<Sample>> history,
              DeploymentPolicy policy) {
        Map<String, SampleWindow> byMetric = new HashMap<>();
        history.forEach((metric, samples) -> byMetric.put(metric, SampleWindow.of(policy.longestWindow(metric), samples)));
        byDeployment.put(deployment, new Windows(countBefore, from, byMetric));
    }

    SampleWindow window(String deployment, String metric, DeploymentPolicy policy) {
        return byDeployment.get(deployment).byMetric.computeIfAbsent(metric, m -> new SampleWindow(policy.longestWindow(m)));
    }

    /** The batch committed: the windows are whole up to these counts. */
    void committed(Map<String, Long> counts) {
        counts.forEach((deployment, count) -> {
            Windows windows = byDeployment.get(deployment);
            if (windows != null) {
                byDeployment.put(deployment, new Windows(count, windows.completeFrom, windows.byMetric));
            }
        });
    }

    /** The batch did not commit: what it added to these windows never happened. */
    void forget(Collection<String> deployments) {
        deployments.forEach(byDeployment::remove);
    }

    int deployments() {
        return byDeployment.size();
    }
}
