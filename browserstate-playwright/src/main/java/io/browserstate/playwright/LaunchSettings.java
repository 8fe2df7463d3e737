package io.browserstate.playwright;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.core.OptionText;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link BrowserSessionLauncher} starts Chromium. Immutable; change a copy with {@link #toBuilder()}.
 *
 * @param executable the Chromium executable; {@code null} resolves one (see {@link BrowserExecutable#resolve(Path)}):
 *     the environment variable {@value #EXECUTABLE_ENV}, then known system paths, then Playwright's own browser
 * @param headless run without a window
 * @param args extra command-line switches for Chromium (Playwright adds its own, {@code --no-sandbox} among them)
 * @param versionPolicy what to do when the snapshot was written by a newer major browser version
 * @param launchTimeout how long a launch may take before it fails
 * @param sessionCookies keep session cookies (those without an expiry, which Chromium drops when it
 *     starts) across a clean close and the next launch: captured from the running browser before it
 *     closes, saved with the snapshot, added back after launch before the first navigation
 * @param checkpointEvery publish a checkpoint of every writable session this often, on a background
 *     thread with a Playwright of its own connected over Chromium's DevTools port on loopback (opened for
 *     it: any local process may connect to it while the browser runs); {@code null} (the default) for none
 * @since 0.1
 */
public record LaunchSettings(@Nullable Path executable, boolean headless, List<String> args, BrowserVersionPolicy versionPolicy,
        Duration launchTimeout, boolean sessionCookies, @Nullable Duration checkpointEvery) {

    /** The environment variable naming a Chromium executable when none is configured. */
    public static final String EXECUTABLE_ENV = "BROWSERSTATE_CHROMIUM";

    /**
     * Switches that keep Chromium from reaching out on its own (component updates, sync, field trials)
     * and from touching a GPU: they make launches faster and profiles smaller, and change nothing a
     * site stores.
     */
    public static final List<String> DEFAULT_ARGS = List.of(
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-gpu");

    /** How long a launch may take unless configured otherwise: 30 seconds. */
    public static final Duration DEFAULT_LAUNCH_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Checks the settings and copies {@code args}.
     *
     * @param executable the Chromium executable, or {@code null} to resolve one at launch
     * @param headless run without a window
     * @param args extra command-line switches for Chromium; must not set {@code --user-data-dir} or
     *     {@code --remote-debugging-pipe}
     * @param versionPolicy what to do when the snapshot was written by a newer major browser version
     * @param launchTimeout how long a launch may take before it fails; must be positive
     * @param sessionCookies whether session cookies survive a clean close and the next launch
     * @param checkpointEvery how often to checkpoint automatically, at least one second, or {@code null}
     * @throws InvalidConfigurationException when the timeout is not positive or the switches set
     *     {@code --user-data-dir} or {@code --remote-debugging-pipe}
     */
    public LaunchSettings {
        args = List.copyOf(args);
        Objects.requireNonNull(versionPolicy, "versionPolicy");
        Objects.requireNonNull(launchTimeout, "launchTimeout");
        List<String> problems = new ArrayList<>();
        if (launchTimeout.isNegative() || launchTimeout.isZero()) {
            problems.add("launchTimeout must be positive, was " + launchTimeout);
        }
        if (checkpointEvery != null && checkpointEvery.toMillis() < 1000) {
            problems.add("checkpointEvery must be at least 1 second, was " + checkpointEvery);
        }
        for (String arg : args) {
            if (arg.startsWith("--user-data-dir")) {
                problems.add("args must not set --user-data-dir: the mounted session's directory is the profile");
            }
            if (arg.startsWith("--remote-debugging-pipe")) {
                problems.add("args must not set " + arg + ": Playwright uses it to drive the browser");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /**
     * Headless, {@link #DEFAULT_ARGS}, warn on newer profiles, the executable resolved at launch.
     *
     * @return the default settings
     */
    public static LaunchSettings defaults() {
        return builder().build();
    }

    /**
     * A builder that starts from the defaults of {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Setting names, as {@code browser.<name>} in a properties file and {@code BROWSERSTATE_BROWSER_<NAME>} in the environment. */
    public static final List<String> SETTING_NAMES = List.of("executable", "headless", "args", "versionPolicy", "launchTimeout",
            "sessionCookies", "checkpointEvery");

    /**
     * Settings from text, as a properties file or the environment hold them, starting from {@code start}:
     * {@code executable} (a path), {@code headless}, {@code sessionCookies} (booleans), {@code args}
     * (switches separated by spaces, added after the defaults), {@code versionPolicy} ({@code WARN} or
     * {@code REFUSE}), {@code launchTimeout} and {@code checkpointEvery} (durations such as {@code 30s};
     * {@code none} for no checkpoints).
     *
     * @param start the settings to change
     * @param values setting name to text
     * @return the settings
     * @throws InvalidConfigurationException listing every unknown name and invalid value at once
     */
    public static LaunchSettings from(LaunchSettings start, Map<String, String> values) {
        Builder b = start.toBuilder();
        List<String> problems = new ArrayList<>();
        values.forEach((name, raw) -> {
            String v = raw.strip();
            try {
                switch (name) {
                    case "executable" -> b.executable(v.isEmpty() ? null : Path.of(v));
                    case "headless" -> b.headless(OptionText.bool(v));
                    case "sessionCookies" -> b.sessionCookies(OptionText.bool(v));
                    case "args" -> b.addArgs(v.isEmpty() ? new String[0] : v.split("\\s+"));
                    case "versionPolicy" -> b.versionPolicy(BrowserVersionPolicy.valueOf(v.toUpperCase(Locale.ROOT)));
                    case "launchTimeout" -> b.launchTimeout(OptionText.duration(v));
                    case "checkpointEvery" -> b.checkpointEvery(v.equalsIgnoreCase("none") || v.isEmpty() ? null : OptionText.duration(v));
                    default -> problems.add("browser setting '" + name + "' is unknown" + OptionText.didYouMean(name, SETTING_NAMES)
                            + "; the settings are " + SETTING_NAMES);
                }
            } catch (IllegalArgumentException e) {
                problems.add("browser setting " + name + ": " + (name.equals("versionPolicy") ? "'" + v + "' is not WARN or REFUSE"
                        : e.getMessage()));
            }
        });
        try {
            LaunchSettings built = b.build();
            if (problems.isEmpty()) {
                return built;
            }
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        throw new InvalidConfigurationException(problems);
    }

    /**
     * The defaults changed by the {@code browser.<name>} keys of a properties file (the file that holds
     * {@code storage.uri} may hold them too).
     *
     * @param file the properties file, read as UTF-8
     * @return the settings
     * @throws InvalidConfigurationException listing every unknown name and invalid value
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static LaunchSettings fromProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read browser settings from " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (key.startsWith("browser.")) {
                values.put(key.substring("browser.".length()), p.getProperty(key));
            }
        }
        return from(defaults(), values);
    }

    /**
     * The defaults changed by {@code BROWSERSTATE_BROWSER_<NAME>} variables ({@code BROWSERSTATE_BROWSER_HEADLESS},
     * {@code BROWSERSTATE_BROWSER_ARGS}, {@code BROWSERSTATE_BROWSER_LAUNCH_TIMEOUT}...); the executable
     * also from {@value #EXECUTABLE_ENV}, as at launch.
     *
     * @param environment environment variables by name, e.g. {@code System.getenv()}
     * @return the settings
     * @throws InvalidConfigurationException listing every invalid value
     */
    public static LaunchSettings fromEnvironment(Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : SETTING_NAMES) {
            String variable = "BROWSERSTATE_BROWSER_" + name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
            String v = environment.get(variable);
            if (v != null) {
                values.put(name, v);
            }
        }
        return from(defaults(), values);
    }

    /**
     * A builder that starts from these settings.
     *
     * @return a new builder holding a copy of these settings
     */
    public Builder toBuilder() {
        return new Builder().executable(executable).headless(headless).args(args).versionPolicy(versionPolicy)
                .launchTimeout(launchTimeout).sessionCookies(sessionCookies).checkpointEvery(checkpointEvery);
    }

    /** Builds {@link LaunchSettings}; every setter starts from the documented default. */
    public static final class Builder {
        private @Nullable Path executable;
        private boolean headless = true;
        private List<String> args = DEFAULT_ARGS;
        private BrowserVersionPolicy versionPolicy = BrowserVersionPolicy.WARN;
        private Duration launchTimeout = DEFAULT_LAUNCH_TIMEOUT;
        private boolean sessionCookies = true;
        private @Nullable Duration checkpointEvery;

        private Builder() {
        }

        /**
         * The Chromium executable; defaults to {@code null}, which resolves one at launch.
         *
         * @param v the executable, or {@code null}
         * @return this builder
         */
        public Builder executable(@Nullable Path v) { this.executable = v; return this; }
        /**
         * Whether to run without a window; defaults to {@code true}.
         *
         * @param v {@code true} for headless
         * @return this builder
         */
        public Builder headless(boolean v) { this.headless = v; return this; }
        /**
         * Replaces the switches; use {@link #addArgs(String...)} to keep the defaults.
         *
         * @param v the switches that replace the current ones
         * @return this builder
         */
        public Builder args(List<String> v) { this.args = List.copyOf(v); return this; }
        /**
         * Appends switches to the current ones (initially {@link #DEFAULT_ARGS}).
         *
         * @param more the switches to append
         * @return this builder
         */
        public Builder addArgs(String... more) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of(more));
            this.args = List.copyOf(all);
            return this;
        }
        /**
         * What to do when the snapshot was written by a newer major browser version; defaults to
         * {@link BrowserVersionPolicy#WARN}.
         *
         * @param v the policy
         * @return this builder
         */
        public Builder versionPolicy(BrowserVersionPolicy v) { this.versionPolicy = v; return this; }
        /**
         * How long a launch may take before it fails; defaults to {@link #DEFAULT_LAUNCH_TIMEOUT}.
         *
         * @param v the timeout; must be positive
         * @return this builder
         */
        public Builder launchTimeout(Duration v) { this.launchTimeout = v; return this; }
        /**
         * Whether session cookies survive a clean close and the next launch; defaults to {@code true}.
         *
         * @param v {@code false} to let them go, as Chromium does on its own
         * @return this builder
         */
        public Builder sessionCookies(boolean v) { this.sessionCookies = v; return this; }
        /**
         * Checkpoints writable sessions automatically this often; defaults to {@code null}, never.
         *
         * @param v the interval, at least one second, or {@code null}
         * @return this builder
         */
        public Builder checkpointEvery(@Nullable Duration v) { this.checkpointEvery = v; return this; }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws InvalidConfigurationException when the settings are invalid (see {@link LaunchSettings})
         */
        public LaunchSettings build() {
            return new LaunchSettings(executable, headless, args, versionPolicy, launchTimeout, sessionCookies, checkpointEvery);
        }
    }
}
