package io.browserstate.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap's true peak: the heap is fullest right before a collection, so the peak since a mark is
 * the largest "used before GC" of the collections that started after it (or the heap in use now, if
 * larger). Also tracks the largest heap left after a collection (the live set, garbage gone).
 */
final class HeapWatcher {
    private static final HeapWatcher INSTANCE = new HeapWatcher();

    private long markUptime;
    private long peakBeforeGc;
    private long peakAfterGc;

    private HeapWatcher() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        record(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo());
                    }
                }, null, null);
            }
        }
    }

    static HeapWatcher get() {
        return INSTANCE;
    }

    private synchronized void record(GcInfo info) {
        if (info.getStartTime() < markUptime) {
            return;
        }
        peakBeforeGc = Math.max(peakBeforeGc, heapOf(info.getMemoryUsageBeforeGc()));
        peakAfterGc = Math.max(peakAfterGc, heapOf(info.getMemoryUsageAfterGc()));
    }

    private static long heapOf(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (var pool : Measure.heapPools()) {
            MemoryUsage u = pools.get(pool.getName());
            if (u != null) {
                sum += u.getUsed();
            }
        }
        return sum;
    }

    /** Starts a new measurement: only collections that start from now on count. */
    synchronized void mark() {
        markUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        peakBeforeGc = 0;
        peakAfterGc = 0;
    }

    /** The peak heap in use since {@link #mark()}. Waits briefly for late GC notifications. */
    long peak() {
        pause();
        long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        synchronized (this) {
            return Math.max(peakBeforeGc, now);
        }
    }

    /** The largest heap left after a collection since {@link #mark()} (0 when none ran). */
    long peakLive() {
        pause();
        synchronized (this) {
            return peakAfterGc;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
