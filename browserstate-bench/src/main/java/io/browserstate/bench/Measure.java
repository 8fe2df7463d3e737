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

    /** One timed run. */
    record Sample(double millis, long peakHeapBytes) {
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
        long t0 = System.nanoTime();
        T value = op.run();
        long elapsed = System.nanoTime() - t0;
        return new Timed<>(value, new Sample(elapsed / 1e6, HeapWatcher.get().peak()));
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
