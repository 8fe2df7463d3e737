package io.browserstate.playwright.internal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import io.browserstate.api.SessionId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic checkpoints of a running browser on a thread of their own. Playwright objects may be used
 * by one thread at a time, and the caller's thread drives the browser, so this thread has a Playwright
 * of its own, connected to the same Chromium over its DevTools port (which Chromium announces in the
 * profile's {@code DevToolsActivePort} file): reading the storage state never waits for, nor blocks,
 * the caller's page. One thread with a fixed delay: never two checkpoints at once.
 */
public final class AutoCheckpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoCheckpoints.class);

    private final SessionId id;
    private final Path profile;
    private final Consumer<String> publish;
    private final BooleanSupplier running;
    private final ScheduledExecutorService thread;
    private final Map<String, String> env;
    private Playwright playwright;
    private BrowserContext context;
    private volatile boolean stopped;
    private int failures;
    private final java.util.Set<String> visited = new java.util.HashSet<>();
    /** Consecutive failures after which the thread gives up (the browser is gone, or the store keeps refusing). */
    static final int MAX_FAILURES = 3;

    /**
     * Starts checkpointing every {@code every}.
     *
     * @param publish publishes a storageState document as a checkpoint (called on this object's thread)
     * @param running whether the session is still open and its browser alive
     */
    public AutoCheckpoints(SessionId id, Path profile, Duration every, Map<String, String> env, Consumer<String> publish,
            BooleanSupplier running) {
        this.id = id;
        this.profile = profile;
        this.env = Map.copyOf(env);
        this.publish = publish;
        this.running = running;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "browserstate-checkpoints-" + id.sessionId());
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::connectQuietly);
        thread.scheduleWithFixedDelay(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The switch that makes Chromium open a DevTools port on loopback and announce it in the profile. */
    public static List<String> launchArgs() {
        return List.of("--remote-debugging-port=0");
    }

    private void connectQuietly() {
        try {
            connect();
        } catch (RuntimeException e) {
            LOG.debug("Automatic checkpoints of " + id + " could not connect yet; retrying at the next one", e);
        }
    }

    private void connect() {
        if (context != null) {
            return;
        }
        String port;
        try {
            port = Files.readAllLines(profile.resolve("DevToolsActivePort")).get(0).trim();
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("Chromium announced no DevTools port in " + profile + ": " + e.getMessage(), e);
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
        Browser browser = playwright.chromium().connectOverCDP("http://127.0.0.1:" + Integer.parseInt(port));
        context = browser.contexts().get(0);
    }

    private void tick() {
        if (stopped) {
            return;
        }
        if (!running.getAsBoolean()) {
            stopped = true;
            return;
        }
        try {
            connect();
            visitNewOrigins();
            String state = context.storageState(new BrowserContext.StorageStateOptions().setIndexedDB(true));
            if (!stopped) {
                publish.accept(state);
            }
            failures = 0;
        } catch (RuntimeException e) {
            // the browser died, the lease was lost, the store is down: say so, reconnect and try again at the next tick
            failures++;
            LOG.warn("Automatic checkpoint of " + id + " failed (" + failures + " in a row): " + e.getMessage());
            disconnect();
            if (!running.getAsBoolean() || failures >= MAX_FAILURES) {
                stopped = true;
                LOG.warn("Automatic checkpoints of " + id + " stopped; the last one published stays the newest");
            }
        }
    }

    /**
     * Playwright reads the storage of the origins its connection saw a frame navigate to; this one
     * connected after the caller's pages had navigated. So each origin the caller's pages show is
     * visited once in a helper tab, through an intercepted blank page (no network), before the state is read.
     */
    private void visitNewOrigins() {
        java.util.Set<String> fresh = new java.util.LinkedHashSet<>();
        for (com.microsoft.playwright.Page p : context.pages()) {
            String origin = origin(p.url());
            if (origin != null && !visited.contains(origin)) {
                fresh.add(origin);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        com.microsoft.playwright.Page helper = context.newPage();
        try {
            for (String origin : fresh) {
                helper.route(origin + "/**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                        .setContentType("text/html").setBody("<!doctype html><title>checkpoint</title>")));
                helper.navigate(origin + "/");
                helper.unrouteAll();
                visited.add(origin);
            }
        } finally {
            helper.close();
        }
    }

    private static String origin(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getRawAuthority() != null) {
                return u.getScheme() + "://" + u.getRawAuthority();
            }
        } catch (IllegalArgumentException e) {
            // not a URL a site runs on (about:blank, data:, chrome:)
        }
        return null;
    }

    private void disconnect() {
        visited.clear();
        context = null;
        if (playwright != null) {
            try {
                playwright.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the checkpoint thread's Playwright of " + id + " failed", e);
            }
            playwright = null;
        }
    }

    /** Stops: waits for a checkpoint in progress, then disconnects this thread's Playwright (the browser keeps running). */
    @Override
    public void close() {
        stopped = true;
        // closing this Playwright ends its driver and its DevTools connection; the browser keeps running
        thread.execute(this::disconnect);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
