package dev.rewind.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.rewind.events.Sample;

/**
 * One deployment's samples of one metric, in memory, holding exactly what {@link DeploymentPolicy#classify} can
 * still look at: every sample newer than the newest minus the metric's longest window, and the ones at the
 * newest instant at or before that edge (a window's walk stops there), at most {@link DeploymentPolicy#MAX_HISTORY}.
 * {@link #history} answers what the sample table's query answers for the same samples, in the same order
 * (observed time ascending; samples at the same instant, the later-recorded first), so a decision taken on it is
 * the one the table would have given.
 */
public final class SampleWindow {
    private final long keepMicros;
    private long[] micros = new long[8];
    private double[] values = new double[8];
    private int size;

    public SampleWindow(Duration longestWindowOfMetric) {
        this.keepMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.EPOCH.plus(longestWindowOfMetric));
    }

    /** Samples as the table returns them, oldest first; {@code samples} must be in that order. */
    public static SampleWindow of(Duration longestWindowOfMetric, List<Sample> samples) {
        SampleWindow window = new SampleWindow(longestWindowOfMetric);
        for (Sample sample : samples) {
            window.insertAt(window.size, micros(sample.observedAt()), sample.value());
        }
        window.forgetWhatNoWalkReaches();
        return window;
    }

    /** A sample recorded after every one already here (observed at any time). */
    public void add(Sample sample) {
        long time = micros(sample.observedAt());
        insertAt(firstAtOrAfter(time), time, sample.value());
        forgetWhatNoWalkReaches();
    }

    public int size() {
        return size;
    }

    /**
     * What {@code observed_at >= from order by observed_at desc, id desc limit MAX_HISTORY} returns, as far as a
     * classification reads it, oldest first.
     */
    public List<Sample> history(Instant from) {
        int start = firstAtOrAfter(micros(from));
        int[] kept = newest(start, DeploymentPolicy.MAX_HISTORY);
        List<Sample> samples = new ArrayList<>(kept[1] - kept[0] + size - kept[2]);
        for (int i = kept[0]; i < kept[1]; i++) {
            samples.add(sample(i));
        }
        for (int i = kept[2]; i < size; i++) {
            samples.add(sample(i));
        }
        return samples;
    }

    private Sample sample(int i) {
        return new Sample(values[i], Instant.EPOCH.plus(micros[i], ChronoUnit.MICROS));
    }

    /**
     * The {@code limit} newest of the samples from {@code start} on, ranked by time and, at one instant, by recording
     * (the later first, which is also their order here): the first {@code [0], [1])} of the instant the limit cuts,
     * then everything from {@code [2]}.
     */
    private int[] newest(int start, int limit) {
        if (size - start <= limit) {
            return new int[] {start, start, start};
        }
        int end = size;
        int remaining = limit;
        while (true) {
            int groupStart = Math.max(start, firstAtOrAfter(micros[end - 1]));
            int group = end - groupStart;
            if (group >= remaining) {
                return new int[] {groupStart, groupStart + remaining, end};
            }
            remaining -= group;
            end = groupStart;
        }
    }

    private void forgetWhatNoWalkReaches() {
        if (size == 0) {
            return;
        }
        int lastAtOrBeforeEdge = firstAfter(micros[size - 1] - keepMicros) - 1;
        if (lastAtOrBeforeEdge > 0) {
            removeRange(0, firstAtOrAfter(micros[lastAtOrBeforeEdge]));
        }
        if (size > DeploymentPolicy.MAX_HISTORY) {
            int[] kept = newest(0, DeploymentPolicy.MAX_HISTORY);
            removeRange(kept[1], kept[2]);
            removeRange(0, kept[0]);
        }
    }

    private void insertAt(int index, long time, double value) {
        if (size == micros.length) {
            micros = Arrays.copyOf(micros, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        System.arraycopy(micros, index, micros, index + 1, size - index);
        System.arraycopy(values, index, values, index + 1, size - index);
        micros[index] = time;
        values[index] = value;
        size++;
    }

    private void removeRange(int from, int to) {
        if (to <= from) {
            return;
        }
        System.arraycopy(micros, to, micros, from, size - to);
        System.arraycopy(values, to, values, from, size - to);
        size -= to - from;
        if (micros.length > 64 && size < micros.length / 4) {
            micros = Arrays.copyOf(micros, micros.length / 2);
            values = Arrays.copyOf(values, values.length / 2);
        }
    }

    private int firstAtOrAfter(long time) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (micros[mid] < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private int firstAfter(long time) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (micros[mid] <= time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The sample table keeps microseconds: every path judges a signal at that precision. */
    public static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
