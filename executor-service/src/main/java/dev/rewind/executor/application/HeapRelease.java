package dev.rewind.executor.application;

import java.lang.management.ManagementFactory;

import org.jboss.logging.Logger;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Returns the heap a rollback grew to the system once its large steps are over. Archiving and restoring
 * stream hundreds of megabytes and the heap grows (MinHeapFreeRatio=40 in jvm.options, so the collector
 * does not thrash during them); after that the executor idles, often for weeks, on a live set of ~25 MB.
 * The serial collector shrinks the heap only at a full collection and only down to MaxHeapFreeRatio, so
 * this runs one full collection (~70 ms, while the rollback waits for the verifier anyway) with that ratio
 * lowered for its duration. Both ratios are manageable flags; jvm.options turns off ShrinkHeapInSteps,
 * which would otherwise let a first explicit collection shrink nothing.
 */
final class HeapRelease {
    private static final Logger LOG = Logger.getLogger(HeapRelease.class);
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";

    private HeapRelease() {
    }

    static void afterLargeSteps() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption(MIN).getValue();
        String max = vm.getVMOption(MAX).getValue();
        try {
            vm.setVMOption(MIN, "0");
            vm.setVMOption(MAX, "10");
            System.gc();
        } catch (IllegalArgumentException e) {
            LOG.debugf("heap not released: %s", e.getMessage());
        } finally {
            vm.setVMOption(MAX, max);
            vm.setVMOption(MIN, min);
        }
    }
}
