package dev.rewind.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Order statistics of a sample of durations in milliseconds. */
record Stats(int count, double median, double p90, double p99, double min, double max) {

    static Stats of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return new Stats(sorted.size(), percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    String row(String name) {
        return String.format(Locale.ROOT, "%-44s %6d %9.2f %9.2f %9.2f %9.2f %9.2f", name, count, median, p90, p99, min, max);
    }

    String json() {
        return String.format(Locale.ROOT, "{\"count\":%d,\"median_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f}",
                count, median, p90, p99, min, max);
    }
}
