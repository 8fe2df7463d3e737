package io.browserstate.bench;

/**
 * One line of the result table.
 *
 * @param workload what was saved, e.g. {@code synthetic 100 MB}
 * @param store {@code redis}, {@code fs} or {@code local disk}
 * @param method {@code ours}, {@code zip+base64} (the original library's approach) or {@code limit}
 * @param operation e.g. {@code full save}, {@code delta save}, {@code restore}, {@code SET stored bytes}
 * @param coldMs the first run in this JVM (or the only run of a fresh JVM), in milliseconds
 * @param warmMinMs the fastest of the warm runs
 * @param warmMedianMs the median of the warm runs
 * @param warmRuns how many warm runs there were
 * @param bytesMoved bytes sent to the store (saves) or read from it (restores), or bytes read/written
 * @param bytesStored bytes the operation added to the store (Redis {@code MEMORY USAGE}, or file sizes)
 * @param peakHeapMiB the highest heap peak of any run, MiB
 * @param note anything that qualifies the figures
 */
record Row(String workload, String store, String method, String operation, Double coldMs, Double warmMinMs,
        Double warmMedianMs, int warmRuns, Long bytesMoved, Long bytesStored, Double peakHeapMiB, String note) {

    static Row of(String workload, String store, String method, String operation, Measure.Series series, Long moved,
            Long stored, String note) {
        Double cpu = series.warmMedianCpu();
        String withCpu = note;
        if (cpu != null && series.warmMedian() != null && series.warmMedian() > 0) {
            String c = String.format(java.util.Locale.ROOT, "CPU %.0f ms (this JVM + redis-server; %.2f cores busy)", cpu, cpu / series.warmMedian());
            withCpu = note == null || note.isEmpty() ? c : note + "; " + c;
        }
        return new Row(workload, store, method, operation, series.cold(), series.warmMin(), series.warmMedian(),
                Math.max(0, series.size() - 1), moved, stored, series.peakHeap() / (1024.0 * 1024.0), withCpu);
    }
}
