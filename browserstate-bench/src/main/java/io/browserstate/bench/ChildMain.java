package io.browserstate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.CountingStorageProvider;
import io.browserstate.core.StorageProviders;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs in a fresh JVM started by the benchmark (see {@link ChildJvm}): one full save and one restore
 * with this project ({@code ours}), or the ZIP+base64 baseline, and prints one line
 * {@code RESULT <json>} with the timings and the heap's peak over the run.
 *
 * <p>Arguments: {@code ours <storeUri> <tree> <restoreTarget> <sessionId> [cycles]} (cycles: save and
 * restore that many times, the figures of the last; default 1) or {@code zip <redisUri> <tree> <restoreTarget> <key>}.
 * The result also holds the process's peak resident set ({@code VmHWM}).
 *
 * @since 0.1
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", args[0]);
        out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        Path tree = Path.of(args[2]);
        Path target = Path.of(args[3]);
        HeapWatcher.get().mark();
        long t0 = System.nanoTime();
        try {
            if ("ours".equals(args[0])) {
                int cycles = args.length > 5 ? Integer.parseInt(args[5]) : 1;
                for (int c = 0; c < cycles; c++) {
                    ours(URI.create(args[1]), tree, target, SessionId.of("bench", args[4]), out);
                    io.browserstate.core.tree.Trees.delete(target);
                }
                out.put("cycles", cycles);
            } else {
                zip(URI.create(args[1]), tree, target, args[4], out);
            }
            out.put("ok", true);
        } catch (OutOfMemoryError e) {
            out.put("ok", false);
            out.put("error", "OutOfMemoryError after " + Math.round((System.nanoTime() - t0) / 1e6) + " ms: " + e.getMessage());
        } catch (Exception e) {
            out.put("ok", false);
            out.put("error", e.toString());
        }
        out.put("peakHeapBytes", HeapWatcher.get().peak());
        out.put("peakRssBytes", peakRss());
        out.put("peakLiveHeapBytes", HeapWatcher.get().peakLive());
        java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.put("committedHeapBytes", heap.getCommitted());
        out.put("initialHeapBytes", heap.getInit());
        // after the peaks are read: what the process still holds once everything collectable is collected
        System.gc();
        out.put("liveAfterFullGcBytes", java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(out));
        System.exit(0);
    }

    /** The process's peak resident set, from /proc (Linux), or -1. */
    private static long peakRss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static void ours(URI store, Path tree, Path target, SessionId session, Map<String, Object> out) throws Exception {
        CountingStorageProvider provider = new CountingStorageProvider(StorageProviders.open(store, Map.of()));
        try (BrowserStateManager manager = BrowserState.create(provider, BrowserStateOptions.defaults())) {
            long t0 = System.nanoTime();
            SaveResult saved = manager.save(session, tree);
            long t1 = System.nanoTime();
            out.put("saveMs", (t1 - t0) / 1e6);
            out.put("bytesSent", provider.stats().bytesWritten());
            out.put("files", saved.fileCount());
            out.put("bytes", saved.totalBytes());
            long t2 = System.nanoTime();
            RestoreResult restored = manager.restore(session, target);
            out.put("restoreMs", (System.nanoTime() - t2) / 1e6);
            out.put("bytesRead", provider.stats().bytesRead());
            if (restored.fileCount() != saved.fileCount() || restored.totalBytes() != saved.totalBytes()) {
                throw new IllegalStateException("restored " + restored.fileCount() + " files / " + restored.totalBytes()
                        + " bytes, saved " + saved.fileCount() + " / " + saved.totalBytes());
            }
            ProfileTree.Shape shape = ProfileTree.shape(target);
            if (shape.files() != saved.fileCount() || shape.bytes() != saved.totalBytes()) {
                throw new IllegalStateException("restored directory holds " + shape + ", saved " + saved.fileCount() + " files");
            }
            manager.delete(session);
        }
    }

    private static void zip(URI redisUri, Path tree, Path target, String key, Map<String, Object> out) throws Exception {
        try (RawRedis redis = RawRedis.connect(redisUri)) {
            try {
                long t0 = System.nanoTime();
                out.put("bytesSent", ZipBaseline.save(redis, tree, key));
                out.put("saveMs", (System.nanoTime() - t0) / 1e6);
                long t1 = System.nanoTime();
                out.put("bytesRead", ZipBaseline.restore(redis, key, target));
                out.put("restoreMs", (System.nanoTime() - t1) / 1e6);
            } finally {
                redis.sync().unlink(key, key + ":metadata");
            }
        }
    }
}
