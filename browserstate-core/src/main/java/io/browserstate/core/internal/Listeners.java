package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateListener;
import io.browserstate.api.GarbageReport;
import io.browserstate.api.MigrationReport;
import io.browserstate.api.Operation;
import io.browserstate.api.OperationEvent;
import io.browserstate.api.Outcome;
import io.browserstate.api.Progress;
import io.browserstate.api.RekeyReport;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manager's {@link BrowserStateListener}s: runs each operation inside a {@link Tracker} that the
 * save and restore pipelines report progress to, and tells every listener how the operation ended.
 * Without listeners an operation runs as it is, with nothing tracked.
 */
public final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final ThreadLocal<Tracker> CURRENT = new ThreadLocal<>();

    private final List<BrowserStateListener> listeners = new CopyOnWriteArrayList<>();
    /** A listener that throws on every progress report would fill the log: the first failure is a warning, the rest debug. */
    private final java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();
    private final String backend;

    /** Listeners of a store described as {@code description} (its URI; the scheme becomes the backend tag). */
    public Listeners(String description) {
        int colon = description.indexOf(':');
        this.backend = colon > 0 ? description.substring(0, colon) : description;
    }

    /** Adds a listener until the registration is closed. */
    public BrowserStateListener.Registration add(BrowserStateListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The figures of a finished operation: sent, received, chunks written, blobs deleted (reused bytes come from the tracker). */
    public record Figures(long bytesSent, long bytesReceived, long chunksWritten, long blobsDeleted) {
        public static final Figures NONE = new Figures(0, 0, 0, 0);

        static Figures none(Object result) {
            return NONE;
        }

        static Figures saved(SaveResult r) {
            return new Figures(r.bytesWritten(), 0, r.blobsWritten(), r.garbageCollected());
        }

        static Figures restored(RestoreResult r) {
            return new Figures(0, r.bytesRead(), 0, 0);
        }

        static Figures garbage(GarbageReport r) {
            return new Figures(0, 0, 0, r.blobsDeleted());
        }

        static Figures migrated(MigrationReport r) {
            return new Figures(r.bytesCopied(), 0, r.blobsCopied(), r.blobsDeleted());
        }

        static Figures rekeyed(RekeyReport r) {
            return new Figures(r.bytesWritten(), 0, r.blobsWritten(), 0);
        }
    }

    /**
     * Runs {@code body} as {@code operation}: progress reported inside it reaches the listeners, and so
     * does its end, with {@code figures} of its result or the exception it threw (rethrown).
     */
    public <T> T run(Operation operation, @Nullable SessionId session, Supplier<T> body, Function<T, Figures> figures) {
        if (listeners.isEmpty()) {
            return body.get();
        }
        Tracker outer = CURRENT.get();
        Tracker tracker = session == null ? null : new Tracker(this, operation, session);
        if (tracker != null) {
            CURRENT.set(tracker);
        }
        long t0 = System.nanoTime();
        T result;
        try {
            result = body.get();
        } catch (RuntimeException | Error e) {
            finish(operation, session, Figures.NONE, tracker, Duration.ofNanos(System.nanoTime() - t0), e);
            throw e;
        } finally {
            if (tracker != null) {
                if (outer == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(outer);
                }
            }
        }
        Figures f = Figures.NONE;
        try {
            f = figures.apply(result);
        } catch (RuntimeException e) {
            LOG.debug("Figures of {} could not be read", operation, e);
        }
        if (tracker != null) {
            tracker.phase(Progress.Phase.DONE);
        }
        finish(operation, session, f, tracker, Duration.ofNanos(System.nanoTime() - t0), null);
        return result;
    }

    private void finish(Operation operation, @Nullable SessionId session, Figures f, @Nullable Tracker tracker, Duration took,
                        @Nullable Throwable failure) {
        OperationEvent event = new OperationEvent(operation, session, backend, Outcome.of(failure), took, f.bytesSent(), f.bytesReceived(),
                tracker == null ? 0 : tracker.reusedBytes.get(), f.chunksWritten(), f.blobsDeleted(), failure);
        for (BrowserStateListener l : listeners) {
            try {
                l.onFinished(event);
            } catch (RuntimeException e) {
                failed(l, "on " + operation + " of " + session, e);
            }
        }
    }

    private void failed(BrowserStateListener l, String when, RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("BrowserStateListener {} failed {}; ignored (further failures are logged at DEBUG)", l, when, e);
        } else {
            LOG.debug("BrowserStateListener {} failed {}; ignored", l, when, e);
        }
    }

    void progress(Progress p) {
        for (BrowserStateListener l : listeners) {
            try {
                l.onProgress(p);
            } catch (RuntimeException e) {
                failed(l, "on progress of " + p.session(), e);
            }
        }
    }

    /**
     * The progress of the operation running on this thread, or one that reports nowhere. The pipelines
     * take it once on the calling thread and hand it to their workers.
     */
    static Tracker current() {
        Tracker t = CURRENT.get();
        return t == null ? Tracker.NOWHERE : t;
    }

    /** Files and bytes of one operation, reported at each phase and about every 1% of its bytes. */
    static final class Tracker {
        static final Tracker NOWHERE = new Tracker(null, Operation.SAVE, SessionId.of("none", "none"));

        private final @Nullable Listeners listeners;
        private final Operation operation;
        private final SessionId session;
        private final AtomicLong filesDone = new AtomicLong();
        private final AtomicLong bytesDone = new AtomicLong();
        private final AtomicLong reusedBytes = new AtomicLong();
        private volatile long filesTotal;
        private volatile long bytesTotal;
        private volatile Progress.Phase phase = Progress.Phase.SCANNING;
        private long lastReported = -1;

        private Tracker(@Nullable Listeners listeners, Operation operation, SessionId session) {
            this.listeners = listeners;
            this.operation = operation;
            this.session = session;
        }

        /** Enters {@code next}, reporting it. */
        void phase(Progress.Phase next) {
            if (listeners == null) {
                return;
            }
            phase = next;
            report(true);
        }

        /** The work as now known. */
        void totals(long files, long bytes) {
            filesTotal = files;
            bytesTotal = bytes;
        }

        /** {@code files} more files and {@code bytes} more bytes done (read and sent, or fetched and written). */
        void advance(long files, long bytes) {
            if (listeners == null) {
                return;
            }
            filesDone.addAndGet(files);
            bytesDone.addAndGet(bytes);
            report(false);
        }

        /** Bytes of the profile that were not sent because the store had their chunks. */
        void reused(long bytes) {
            if (listeners == null) {
                return;
            }
            reusedBytes.addAndGet(bytes);
        }

        private void report(boolean always) {
            Listeners to = listeners;
            if (to == null) {
                return;
            }
            Progress p;
            synchronized (this) {
                long done = bytesDone.get();
                long step = Math.max(256 * 1024, bytesTotal / 100);
                if (!always && lastReported >= 0 && done - lastReported < step && done < bytesTotal) {
                    return;
                }
                lastReported = done;
                p = new Progress(operation, session, phase, filesDone.get(), Math.max(filesTotal, filesDone.get()), done,
                        Math.max(bytesTotal, done));
                // under the lock, so that a listener hears progress in order
                to.progress(p);
            }
        }
    }
}
