package io.browserstate.playwright;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.playwright.internal.BrowserVersions;
import io.browserstate.playwright.internal.LiveState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens Chromium on BrowserState sessions: mount (restore into a fresh private directory) → launch a
 * persistent Playwright context on that directory → hand it to the caller as a {@link BrowserSession}.
 * {@link BrowserSession#close()} closes the browser cleanly and then saves, so a running browser is
 * never snapshotted.
 *
 * <p>Each session owns its own {@link Playwright} instance (Playwright objects are confined to one
 * thread at a time), unless the builder was given a shared one, which then stays the caller's to close
 * and to confine. The launcher itself is thread-safe.
 *
 * <p>{@link #close()} closes and saves every session the launcher opened that is still open: call it
 * on shutdown (the Guice module does) so that no browser is killed with unsaved state.
 *
 * <pre>{@code
 * try (BrowserStateManager manager = BrowserState.open("redis://localhost:6379");
 *      BrowserSessionLauncher launcher = BrowserSessionLauncher.builder(manager).build();
 *      BrowserSession session = launcher.open(SessionId.of("alice", "shop"))) {
 *     session.page().navigate("https://example.com/");
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class BrowserSessionLauncher implements AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger(BrowserSessionLauncher.class);

    private final BrowserStateManager manager;
    private final LaunchSettings settings;
    private final BrowserExecutable executable;
    private final @Nullable Playwright sharedPlaywright;
    private final @Nullable Consumer<BrowserType.LaunchPersistentContextOptions> customizer;
    private final Set<BrowserSession> open = ConcurrentHashMap.newKeySet();
    private volatile @Nullable String probedVersion;

    private BrowserSessionLauncher(Builder b) {
        this.manager = Objects.requireNonNull(b.manager, "manager");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.executable = BrowserExecutable.resolve(settings.executable());
        this.sharedPlaywright = b.playwright;
        this.customizer = b.customizer;
    }

    /**
     * A builder for a launcher over {@code manager}; the manager stays the caller's to close.
     *
     * @param manager the manager sessions are mounted from
     * @return a new builder with {@link LaunchSettings#defaults()}
     */
    public static Builder builder(BrowserStateManager manager) {
        return new Builder(manager);
    }

    /**
     * The settings in force.
     *
     * @return the launch settings
     */
    public LaunchSettings settings() {
        return settings;
    }

    /**
     * The browser this launcher starts, resolved when it was built.
     *
     * @return the resolved browser executable
     */
    public BrowserExecutable executable() {
        return executable;
    }

    /**
     * The manager sessions are mounted from.
     *
     * @return the manager
     */
    public BrowserStateManager manager() {
        return manager;
    }

    /**
     * Opens the session, creating it when missing ({@link MountOptions#defaults()}). Throws as
     * {@link #open(SessionId, MountOptions)} does.
     *
     * @param id the session to open
     * @return the browser running on the mounted session
     */
    public BrowserSession open(SessionId id) {
        return open(id, MountOptions.defaults());
    }

    /**
     * Opens the session read-only ({@link MountOptions#readOnlyMount()}): its current snapshot is restored
     * without taking the lease, so any number of workers can run a browser on it at once, even while a
     * writer saves; closing saves nothing. For fanning one login out to many workers that only read.
     *
     * @param id the session to open
     * @return the browser running on a private copy of the session's current snapshot
     * @throws io.browserstate.api.SessionNotFoundException when the session does not exist
     * @since 0.3
     */
    public BrowserSession openReadOnly(SessionId id) {
        return open(id, MountOptions.readOnlyMount());
    }

    /**
     * Mounts the session and launches Chromium on it.
     *
     * @param id the session to open
     * @param options how to mount it
     * @return the browser running on the mounted session
     * @throws io.browserstate.api.SessionConflictException when another worker holds the session
     * @throws io.browserstate.api.SessionNotFoundException when it is missing and may not be created
     * @throws IncompatibleBrowserException when a newer browser wrote it and the policy refuses
     * @throws BrowserStateException when the browser fails to launch; the mount is then discarded
     *     (the stored snapshot is unchanged)
     */
    public BrowserSession open(SessionId id, MountOptions options) {
        MountedSession mounted = manager.mount(id, options);
        @Nullable Playwright playwright = null;
        @Nullable BrowserContext context = null;
        try {
            String savedVersion = savedBrowserVersion(mounted);
            String knownVersion = executable.isSystemBrowser() ? probeVersion() : null;
            checkVersion(id, savedVersion, knownVersion);

            playwright = sharedPlaywright != null ? sharedPlaywright : createPlaywright();
            context = playwright.chromium().launchPersistentContext(mounted.directory(), contextOptions());
            String version = context.browser() != null ? context.browser().version() : knownVersion;
            if (knownVersion == null) {
                checkVersion(id, savedVersion, version);
            }
            if (version != null) {
                mounted.browserVersion(version);
            }
            String store = cookieStore();
            if (!options.readOnly()) {
                mounted.attribute(COOKIE_STORE_ATTRIBUTE, store);
            }
            warnIfCookiesCannotBeDecrypted(id, mounted, store);
            // before the caller's first navigation: the newest checkpoint, or the last close's session cookies
            BrowserSession.Applied applied = LiveState.apply(id, context, mounted.directory(), settings.sessionCookies());
            if (applied == BrowserSession.Applied.CHECKPOINT) {
                LOG.info("Session {}: the previous worker died after a checkpoint; its state was applied over version {}",
                        id, mounted.restored().version());
            }
            BrowserSession session = new BrowserSession(this, mounted, sharedPlaywright == null ? playwright : null, context,
                    version, savedVersion, applied);
            open.add(session);
            return session;
        } catch (RuntimeException e) {
            closeQuietly(context, e);
            if (sharedPlaywright == null) {
                closeQuietly(playwright, e);
            }
            try {
                mounted.discard();
            } catch (RuntimeException discardFailure) {
                e.addSuppressed(discardFailure);
            }
            if (e instanceof PlaywrightException) {
                throw new BrowserStateException("Launching " + executable + " on session " + id + " failed: "
                        + firstLine(e.getMessage()), e);
            }
            throw e;
        }
    }

    /**
     * The attribute each save records: how the profile's cookie store is protected, {@code basic}
     * (Chromium's own fixed key: any machine decrypts it) or the OS keyring Chromium was told to use
     * ({@code gnome-libsecret}, {@code kwallet5}...: only that machine's keyring decrypts it).
     */
    public static final String COOKIE_STORE_ATTRIBUTE = "cookieStore";

    /** The password store this launcher's Chromium uses: the last {@code --password-store=} switch, else Playwright's {@code basic}. */
    String cookieStore() {
        String store = "basic";
        for (String arg : settings.args()) {
            if (arg.startsWith("--password-store=")) {
                store = arg.substring("--password-store=".length());
            }
        }
        return store;
    }

    private void warnIfCookiesCannotBeDecrypted(SessionId id, MountedSession mounted, String store) {
        if (mounted.restored().version() == 0) {
            return;
        }
        String saved = manager.info(id).map(i -> i.attributes().get(COOKIE_STORE_ATTRIBUTE)).orElse(null);
        if (saved != null && !saved.equals("basic") && !saved.equals(store)) {
            LOG.warn("Session {} was saved by a Chromium whose cookies were encrypted with the OS keyring '{}'; this"
                    + " browser uses '{}' and cannot decrypt them: its persistent cookies will be missing (session cookies and"
                    + " checkpoints, kept by BrowserState, are not affected). Save with --password-store=basic to move profiles"
                    + " between machines.", id, saved, store);
        }
    }

    /**
     * The session's current snapshot as Playwright's storageState JSON with IndexedDB, for a plain
     * Playwright {@code newContext(storageState)} on any machine and browser version: every cookie (the
     * session cookies this adapter keeps included) and the localStorage and IndexedDB of {@code origins}.
     * A browser runs read-only on a private copy; the session is not changed. Origins must be named: a
     * profile has no index of the origins that stored something, and Playwright reads the storage of
     * the origins a browser visited (each is visited here through an intercepted blank page, without
     * network).
     *
     * @param id the session to export
     * @param origins origins such as {@code https://example.com} whose storage to include; may be empty
     * @return the storageState document
     * @throws io.browserstate.api.SessionNotFoundException when the session does not exist
     * @throws IllegalArgumentException when an origin is not {@code http(s)://host[:port]}
     * @since 0.4
     */
    public String exportStorageState(SessionId id, java.util.Collection<String> origins) {
        List<String> checked = new ArrayList<>();
        for (String origin : origins) {
            java.net.URI u;
            try {
                u = java.net.URI.create(origin);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("origin '" + origin + "' is not a URI: " + e.getMessage(), e);
            }
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || !(u.getRawPath() == null || u.getRawPath().isEmpty() || "/".equals(u.getRawPath())) || u.getRawQuery() != null) {
                throw new IllegalArgumentException("origin '" + origin + "' is not http(s)://host[:port]");
            }
            checked.add(u.getScheme() + "://" + u.getRawAuthority());
        }
        try (BrowserSession session = openReadOnly(id)) {
            Page page = session.page();
            for (String origin : checked) {
                page.route(origin + "/**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                        .setContentType("text/html").setBody("<!doctype html><title>export</title>")));
                page.navigate(origin + "/");
                page.unrouteAll();
            }
            return session.context().storageState(new BrowserContext.StorageStateOptions().setIndexedDB(true));
        }
    }

    /**
     * Creates a session from Playwright's storageState JSON (as {@code context.storageState()} writes it,
     * with or without IndexedDB): a browser starts on an empty profile, the state is set into it, and it
     * is closed and saved as version 1. The portable way in from another machine or browser version.
     *
     * @param id the session to create
     * @param storageState the storageState document
     * @return what the save published
     * @throws io.browserstate.api.SessionConflictException when the session exists already
     * @throws BrowserStateException when Playwright refuses the document
     * @since 0.4
     */
    public SaveResult importStorageState(SessionId id, String storageState) {
        if (manager.exists(id)) {
            throw new io.browserstate.api.SessionConflictException(id, "Session " + id + " exists already; a storageState is imported into"
                    + " a new session only. Delete it first or import under another id.");
        }
        BrowserSession session = open(id);
        try {
            LiveState.setStorageState(session.context(), storageState);
        } catch (PlaywrightException | com.google.gson.JsonParseException e) {
            session.discard();
            throw new BrowserStateException("Playwright refused the storageState for " + id + ": " + firstLine(e.getMessage()), e);
        }
        return session.closeAndSave();
    }

    /**
     * Closes and saves every session this launcher opened that is still open. The first failure is
     * thrown after all were tried, the others attached as suppressed.
     */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (BrowserSession session : List.copyOf(open)) {
            try {
                session.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    void forget(BrowserSession session) {
        open.remove(session);
    }

    private static @Nullable String savedBrowserVersion(MountedSession mounted) {
        // recorded with the snapshot the mount restored: no second read of the head
        return mounted.restored().browserVersion();
    }

    private void checkVersion(SessionId id, @Nullable String savedVersion, @Nullable String browserVersion) {
        if (!BrowserVersions.isNewerMajor(savedVersion, browserVersion)) {
            return;
        }
        if (settings.versionPolicy() == BrowserVersionPolicy.REFUSE) {
            throw new IncompatibleBrowserException(id, savedVersion, browserVersion);
        }
        LOG.warn("Session {} was saved by browser version {}, newer than this browser ({}); "
                + "Chromium may drop or reset parts of the profile (cookies among them)", id, savedVersion, browserVersion);
    }

    private @Nullable String probeVersion() {
        String v = probedVersion;
        if (v == null) {
            v = BrowserVersions.probe(executable.path()).orElse(null);
            probedVersion = v;
        }
        return v;
    }

    private Playwright createPlaywright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(playwrightEnv()));
    }

    /** The environment of the Playwright drivers this launcher starts. */
    Map<String, String> playwrightEnv() {
        return executable.isSystemBrowser() ? Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1") : Map.of();
    }

    private BrowserType.LaunchPersistentContextOptions contextOptions() {
        List<String> args = new ArrayList<>(settings.args());
        if (settings.checkpointEvery() != null) {
            args.addAll(io.browserstate.playwright.internal.AutoCheckpoints.launchArgs());
        }
        BrowserType.LaunchPersistentContextOptions options = new BrowserType.LaunchPersistentContextOptions()
                .setHeadless(settings.headless())
                .setArgs(args)
                .setTimeout(settings.launchTimeout().toMillis());
        if (executable.isSystemBrowser()) {
            options.setExecutablePath(executable.path());
        }
        if (customizer != null) {
            customizer.accept(options);
        }
        return options;
    }

    static void closeQuietly(@Nullable AutoCloseable closeable, Throwable into) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            into.addSuppressed(e);
        }
    }

    static String firstLine(@Nullable String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Builds a {@link BrowserSessionLauncher}. */
    public static final class Builder {
        private final BrowserStateManager manager;
        private LaunchSettings settings = LaunchSettings.defaults();
        private @Nullable Playwright playwright;
        private @Nullable Consumer<BrowserType.LaunchPersistentContextOptions> customizer;

        private Builder(BrowserStateManager manager) {
            this.manager = Objects.requireNonNull(manager, "manager");
        }

        /**
         * How to launch; defaults to {@link LaunchSettings#defaults()}.
         *
         * @param v the settings; not {@code null}
         * @return this builder
         */
        public Builder settings(LaunchSettings v) {
            this.settings = Objects.requireNonNull(v, "settings");
            return this;
        }

        /**
         * A Playwright instance for every session to share (saves about half a second per open). It
         * stays the caller's: the caller closes it, and uses the sessions from its thread only.
         *
         * @param v the shared instance, or {@code null} for one instance per session (the default)
         * @return this builder
         */
        public Builder playwright(Playwright v) {
            this.playwright = v;
            return this;
        }

        /**
         * Adjusts Playwright's context options (viewport, locale, proxy, …) after the settings were
         * applied. Called once per open.
         *
         * @param v the adjustment, or {@code null} for none (the default)
         * @return this builder
         */
        public Builder customize(Consumer<BrowserType.LaunchPersistentContextOptions> v) {
            this.customizer = v;
            return this;
        }

        /**
         * Builds the launcher, resolving the browser now.
         *
         * @return the new launcher
         * @throws io.browserstate.api.InvalidConfigurationException when the configured executable or
         *     {@value LaunchSettings#EXECUTABLE_ENV} names no executable file
         */
        public BrowserSessionLauncher build() {
            return new BrowserSessionLauncher(this);
        }
    }
}
