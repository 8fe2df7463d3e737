package io.browserstate.playwright;

import java.nio.file.Path;

/** The browser tests need a Chromium installed on the machine; without one they fail with one clear line. */
final class TestBrowser {

    private TestBrowser() {
    }

    static Path requireSystemChromium() {
        BrowserExecutable b = BrowserExecutable.resolve(null);
        if (!b.isSystemBrowser()) {
            throw new IllegalStateException("Chromium not found: apt-get install chromium (or set " + LaunchSettings.EXECUTABLE_ENV + ")");
        }
        return b.path();
    }
}
