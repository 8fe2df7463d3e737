package io.browserstate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * Times one operation and records the heap's peak while it ran ({@link HeapWatcher}), starting from a
 * collected heap.
 */
final class Measure {

    /**
     * One timed run.
     *
     * @param cpuMillis CPU time spent while it ran, by this JVM and by the store's server (Redis's
     *     {@code INFO cpu}, when the benchmark talks to one); NaN when not measured
     */
    record Sample(double millis, long peakHeapBytes, double cpuMillis) {
        Sample(double millis, long peakHeapBytes) {
            this(millis, peakHeapBytes, Double.NaN);
        }
    }

    /**
     * Seconds of CPU the Redis server has used so far, or NaN; set by the benchmark once it has a
     * connection. Read before and after each run, so that a run's CPU counts the server's work too: on 2
     * cores the two processes compete for the same time.
     */
    static volatile java.util.function.DoubleSupplier serverCpuSeconds = () -> Double.NaN;

    private static double cpuMillis() {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
        double server = serverCpuSeconds.getAsDouble();
        return jvm + (Double.isNaN(server) ? 0 : server * 1000);
    }

    /** A measured operation. */
    @FunctionalInterface
    interface Op<T> {
        T run() throws Exception;
    }

    /** What an operation returned, and what it cost. */
    record Timed<T>(T value, Sample sample) {
    }

    private Measure() {
    }

    static <T> Timed<T> run(Op<T> op) throws Exception {
        System.gc();
        HeapWatcher.get().mark();
        double cpu0 = cpuMillis();
        long t0 = System.nanoTime();
        T value = op.run();
        long elapsed = System.nanoTime() - t0;
        double cpu = cpuMillis() - cpu0;
        return new Timed<>(value, new Sample(elapsed / 1e6, HeapWatcher.get().peak(), cpu));
    }

    static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                heap.add(pool);
            }
        }
        return heap;
    }

    /** The runs of one operation: the first is the cold one, the others are warm. */
    static final class Series {
        private final List<Sample> samples = new ArrayList<>();

        void add(Sample s) {
            samples.add(s);
        }

        int size() {
            return samples.size();
        }

        Double cold() {
            return samples.isEmpty() ? null : samples.get(0).millis();
        }

        List<Double> warm() {
            return samples.stream().skip(1).map(Sample::millis).sorted().toList();
        }

        Double warmMin() {
            List<Double> w = warm();
            return w.isEmpty() ? null : w.get(0);
        }

        Double warmMedian() {
            return median(warm());
        }

        /** The warm runs' median CPU time, or null when not measured. */
        Double warmMedianCpu() {
            List<Double> cpu = samples.stream().skip(1).map(Sample::cpuMillis).filter(c -> !Double.isNaN(c)).sorted().toList();
            return median(cpu);
        }

        long peakHeap() {
            return samples.stream().mapToLong(Sample::peakHeapBytes).max().orElse(0);
        }
    }

    static Double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
