package io.browserstate.playwright;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The browser tests need a Chromium installed on the machine; without one they fail with one clear line. Also: what Chromium leaves in a profile. */
final class TestBrowser {

    private TestBrowser() {
    }

    /** The names of Chromium's lock entries ({@code Singleton*}) anywhere below {@code profile}; links are not followed. */
    static List<String> lockEntries(Path profile) throws IOException {
        try (Stream<Path> entries = Files.walk(profile)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("Singleton")).toList();
        }
    }

    static Path requireSystemChromium() {
        BrowserExecutable b = BrowserExecutable.resolve(null);
        if (!b.isSystemBrowser()) {
            throw new IllegalStateException("Chromium not found: apt-get install chromium (or set " + LaunchSettings.EXECUTABLE_ENV + ")");
        }
        return b.path();
    }
}
