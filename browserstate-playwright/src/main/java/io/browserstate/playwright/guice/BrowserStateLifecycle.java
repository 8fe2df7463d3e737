package io.browserstate.playwright.guice;

import com.google.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what the BrowserState modules created, in the reverse order of creation: the launcher first
 * (it closes and saves the browser sessions still open), then the manager (its store connection).
 * Guice has no lifecycle of its own; call {@link #close()} when the application stops:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(BrowserStateModule.fromEnvironment(), new PlaywrightModule());
 * Runtime.getRuntime().addShutdownHook(new Thread(injector.getInstance(BrowserStateLifecycle.class)::close));
 * }</pre>
 *
 * @since 0.1
 */
@Singleton
public final class BrowserStateLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserStateLifecycle.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private boolean closed;

    /** An empty lifecycle; Guice creates one per injector. */
    public BrowserStateLifecycle() {
    }

    /**
     * Registers a resource to close, and returns it.
     *
     * @param <T> the resource's type
     * @param resource the resource to close when the lifecycle closes
     * @return {@code resource}
     * @throws IllegalStateException when the lifecycle was closed already
     */
    public synchronized <T extends AutoCloseable> T register(T resource) {
        if (closed) {
            throw new IllegalStateException("The BrowserState lifecycle is closed; " + resource + " cannot be registered");
        }
        resources.push(resource);
        return resource;
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return {@code true} once the lifecycle was closed
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes every registered resource, newest first, even when some fail. Idempotent. The first
     * failure is thrown after all were tried, the others attached as suppressed.
     */
    @Override
    public void close() {
        List<AutoCloseable> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            while (!resources.isEmpty()) {
                toClose.add(resources.pop());
            }
        }
        RuntimeException failure = null;
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing " + resource + " failed", e);
                RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException("Closing " + resource + " failed", e);
                if (failure == null) {
                    failure = r;
                } else {
                    failure.addSuppressed(r);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
