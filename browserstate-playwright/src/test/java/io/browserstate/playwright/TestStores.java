package io.browserstate.playwright;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.core.BrowserState;
import java.nio.file.Path;

/** The store the browser tests save into. */
final class TestStores {

    private TestStores() {
    }

    static BrowserStateManager open(Path temp) {
        return BrowserState.open("file://" + temp.resolve("store") + "?workDirectory=" + temp.resolve("work"));
    }
}
