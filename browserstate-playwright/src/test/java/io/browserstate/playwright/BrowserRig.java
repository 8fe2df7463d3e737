package io.browserstate.playwright;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.redis.junit.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the browser tests run against: the system Chromium (required), a local {@link TestSite}, a
 * manager over a store whose mounts go under the test's temp directory, and a launcher over that
 * manager. Closing it closes the manager and stops the site.
 */
final class BrowserRig implements AutoCloseable {

    private final TestSite site;
    private final BrowserStateManager manager;
    private final BrowserSessionLauncher launcher;

    private BrowserRig(TestSite site, BrowserStateManager manager) {
        this.site = site;
        this.manager = manager;
        this.launcher = BrowserSessionLauncher.builder(manager).build();
    }

    /** Sessions saved into the test Redis. */
    static BrowserRig onRedis(RedisServer redis, Path temp) throws IOException {
        TestBrowser.requireSystemChromium();
        return start(BrowserState.open(new BrowserStateConfig(redis.uri(), Map.of("workDirectory", temp.resolve("work").toString()))));
    }

    /** Sessions saved into a directory store under {@code temp}. */
    static BrowserRig onFiles(Path temp) throws IOException {
        TestBrowser.requireSystemChromium();
        return start(BrowserState.open("file://" + temp.resolve("store") + "?workDirectory=" + temp.resolve("work")));
    }

    private static BrowserRig start(BrowserStateManager manager) throws IOException {
        try {
            return new BrowserRig(TestSite.start(), manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    TestSite site() {
        return site;
    }

    BrowserStateManager manager() {
        return manager;
    }

    BrowserSessionLauncher launcher() {
        return launcher;
    }

    @Override
    public void close() {
        try {
            manager.close();
        } finally {
            site.close();
        }
    }
}
