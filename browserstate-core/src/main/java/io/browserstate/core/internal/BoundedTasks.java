package io.browserstate.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs tasks on a shared pool with at most {@code maxInFlight} of them submitted at once, so that the
 * producer blocks instead of piling batches of bytes into memory. Remembers the first failure.
 */
final class BoundedTasks {

    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    private final ExecutorService workers;
    private final Semaphore inFlight;
    private volatile boolean cancelled;
    private final List<Future<?>> futures = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    BoundedTasks(ExecutorService workers, int maxInFlight) {
        this.workers = workers;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Blocks while {@code maxInFlight} tasks are running, then submits {@code task}. */
    void submit(Task task) throws InterruptedException {
        inFlight.acquire();
        try {
            futures.add(workers.submit(() -> {
                try {
                    if (!cancelled) {
                        task.run();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    inFlight.release();
                }
            }));
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** The first failure so far, or {@code null}. */
    Throwable failure() {
        return failure.get();
    }

    /** Waits for every task; returns the first failure, or {@code null} when all succeeded. */
    Throwable awaitAll() throws InterruptedException {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
        }
        return failure.get();
    }

    /**
     * Lets no further task start and waits (at most a minute each) for those already running, so that
     * no upload or write outlives the caller's failure handling.
     */
    void cancel() {
        cancelled = true;
        for (Future<?> f : futures) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception ignored) {
                // the first failure is the one reported
            }
        }
    }

    /** A worker's failure as an unchecked exception: errors rethrown, checked ones wrapped. */
    static RuntimeException propagate(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new io.browserstate.api.BrowserStateException(t.getMessage(), t);
    }
}
