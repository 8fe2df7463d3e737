package io.browserstate.playwright.internal;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.playwright.BrowserExecutable;
import io.browserstate.playwright.BrowserExecutable.Source;
import io.browserstate.playwright.LaunchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Resolves the Chromium executable; the environment and candidate paths are passed in so tests can vary them. */
public final class BrowserResolver {

    private BrowserResolver() {
    }

    public static BrowserExecutable resolve(Path configured, Function<String, String> env, List<Path> candidates) {
        if (configured != null) {
            requireExecutable(configured, "The configured Chromium executable");
            return new BrowserExecutable(configured, Source.CONFIGURED);
        }
        String fromEnv = env.apply(LaunchSettings.EXECUTABLE_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path path = Path.of(fromEnv.trim());
            requireExecutable(path, "The Chromium executable named by " + LaunchSettings.EXECUTABLE_ENV);
            return new BrowserExecutable(path, Source.ENVIRONMENT);
        }
        for (Path candidate : candidates) {
            if (isExecutableFile(candidate)) {
                return new BrowserExecutable(candidate, Source.SYSTEM);
            }
        }
        return new BrowserExecutable(null, Source.PLAYWRIGHT);
    }

    private static void requireExecutable(Path path, String what) {
        if (!Files.exists(path)) {
            throw new InvalidConfigurationException(what + " does not exist: " + path);
        }
        if (!isExecutableFile(path)) {
            throw new InvalidConfigurationException(what + " is not an executable file: " + path);
        }
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
