package io.browserstate.playwright;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.redis.junit.RedisServer;
import java.nio.file.Path;

/** The stores the browser tests save into. */
final class TestStores {

    private TestStores() {
    }

    /** A manager over the test Redis; mounts go under {@code temp}. */
    static BrowserStateManager redis(RedisServer redis, Path temp) {
        return BrowserState.open(new BrowserStateConfig(redis.uri(), java.util.Map.of("workDirectory", temp.resolve("work").toString())));
    }

    /** A manager over a directory store under {@code temp}. */
    static BrowserStateManager files(Path temp) {
        return BrowserState.open("file://" + temp.resolve("store") + "?workDirectory=" + temp.resolve("work"));
    }
}
