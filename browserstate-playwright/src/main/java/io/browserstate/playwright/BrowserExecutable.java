package io.browserstate.playwright;

import io.browserstate.playwright.internal.BrowserResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which Chromium a launcher starts, and why that one.
 *
 * <p>Resolution order: the executable in {@link LaunchSettings#executable()}; else the environment
 * variable {@value LaunchSettings#EXECUTABLE_ENV}; else the first of {@link #SYSTEM_PATHS} that is an
 * executable file; else Playwright's own managed browser, which Playwright downloads on first use. A
 * configured executable or environment variable that names no executable file is an error, never
 * skipped. When a system browser is used, Playwright is told not to download one.
 *
 * @param path the executable, or {@code null} for Playwright's managed browser
 * @param source where the choice came from
 * @since 0.1
 */
public record BrowserExecutable(Path path, Source source) {

    /** Known system locations, in the order they are tried (Debian's Chromium first). */
    public static final List<Path> SYSTEM_PATHS = List.of(
            Path.of("/usr/lib/chromium/chromium"), Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
            Path.of("/usr/bin/google-chrome"));

    /** Where a {@link BrowserExecutable} came from. */
    public enum Source {
        /** {@link LaunchSettings#executable()}. */
        CONFIGURED,
        /** The environment variable {@value LaunchSettings#EXECUTABLE_ENV}. */
        ENVIRONMENT,
        /** One of {@link #SYSTEM_PATHS}. */
        SYSTEM,
        /** Playwright's own browser: no executable path, downloads allowed. */
        PLAYWRIGHT
    }

    /**
     * Checks that {@code path} is {@code null} exactly when the source is {@link Source#PLAYWRIGHT}.
     *
     * @param path the executable, or {@code null} for Playwright's managed browser
     * @param source where the choice came from; not {@code null}
     * @throws IllegalArgumentException when {@code path} is {@code null} for another source, or set for
     *     {@link Source#PLAYWRIGHT}
     */
    public BrowserExecutable {
        Objects.requireNonNull(source, "source");
        if ((path == null) != (source == Source.PLAYWRIGHT)) {
            throw new IllegalArgumentException("path is null exactly for Source.PLAYWRIGHT; was " + path + " from " + source);
        }
    }

    /**
     * Resolves the browser from {@code configured} (may be {@code null}), this process's environment and
     * the system paths.
     *
     * @param configured the executable from {@link LaunchSettings#executable()}, or {@code null} when none
     *     is configured
     * @return the browser to start and where it came from
     * @throws io.browserstate.api.InvalidConfigurationException when the configured path or the
     *     environment variable names no executable file
     */
    public static BrowserExecutable resolve(@Nullable Path configured) {
        return BrowserResolver.resolve(configured, System::getenv, SYSTEM_PATHS);
    }

    /**
     * Whether a browser installed outside Playwright is used (so Playwright must not download one).
     *
     * @return {@code true} when {@link #path()} names an executable; {@code false} for Playwright's
     *     managed browser
     */
    public boolean isSystemBrowser() {
        return path != null;
    }

    /** For messages: the path and where it came from. */
    @Override
    public String toString() {
        return switch (source) {
            case CONFIGURED -> path + " (configured)";
            case ENVIRONMENT -> path + " (from " + LaunchSettings.EXECUTABLE_ENV + ")";
            case SYSTEM -> path + " (system)";
            case PLAYWRIGHT -> "Playwright's managed Chromium";
        };
    }
}
