package dev.rewind.executor.application;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.sun.management.HotSpotDiagnosticMXBean;

import static org.assertj.core.api.Assertions.assertThat;

/** Run in a JVM with the executor's collector settings: this test's own JVM has others. */
class HeapReleaseTest {

    @Test
    void after_a_burst_the_heap_shrinks_to_the_live_set_and_the_ratios_are_restored() throws Exception {
        String[] released = probe("release").split(" ");
        String[] plain = probe("plain").split(" ");

        long grown = Long.parseLong(released[0]);
        long afterRelease = Long.parseLong(released[1]);
        long afterPlainCollection = Long.parseLong(plain[1]);
        assertThat(grown).as("the burst grew the heap").isGreaterThan(100L << 20);
        assertThat(afterPlainCollection).as("a plain full collection keeps up to 70%% free").isGreaterThan(60L << 20);
        // what is live besides the probe's 24 MB depends on the class path (surefire's holds every jar's index)
        assertThat(afterRelease).as("released: the live set and 10%%").isLessThan(afterPlainCollection * 6 / 10).isLessThan(grown / 2);
        assertThat(released[2]).isEqualTo("40/70");
    }

    private static String probe(String mode) throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms16m", "-Xmx160m", "-XX:MinHeapFreeRatio=40", "-XX:MaxHeapFreeRatio=70", "-XX:-ShrinkHeapInSteps",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(jvm.getInputStream().readAllBytes()).trim();
        assertThat(jvm.waitFor()).as(out).isZero();
        return out;
    }

    /** Keeps 24 MB, churns through 100 MB more, then measures the committed heap after a collection. */
    public static final class Probe {
        public static void main(String[] args) {
            List<byte[]> live = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                live.add(new byte[1 << 20]);
            }
            List<byte[]> burst = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                burst.add(new byte[1 << 20]);
            }
            long grown = Runtime.getRuntime().totalMemory();
            burst.clear();
            if (args[0].equals("release")) {
                HeapRelease.afterLargeSteps();
            } else {
                System.gc();
            }
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            System.out.println(grown + " " + Runtime.getRuntime().totalMemory() + " " + vm.getVMOption("MinHeapFreeRatio").getValue()
                    + "/" + vm.getVMOption("MaxHeapFreeRatio").getValue() + " " + live.size());
        }
    }
}
