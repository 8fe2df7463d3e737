package io.browserstate.playwright;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import io.browserstate.api.BrowserStateException;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.playwright.internal.LiveState;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Chromium running on a mounted BrowserState session. Drive it through {@link #context()} and
 * {@link #page()}; end it with {@link #close()} (save) or {@link #discard()} (don't).
 *
 * <p>{@link #close()} first closes the browser cleanly (Chromium writes cookies to disk only on a clean
 * shutdown), then saves the profile as the session's new snapshot, releases the lease and removes the
 * local directory. Session cookies (no expiry; Chromium drops them when it starts) are captured before
 * the browser closes, saved with the snapshot and added back at the next launch
 * ({@link LaunchSettings#sessionCookies()}). {@link #checkpoint()} records the running browser's
 * cookies, localStorage and IndexedDB without closing it; when the worker dies, the next launch applies
 * the newest checkpoint over the snapshot it builds on ({@link #applied()} says so).
 *
 * <p>When the browser died before the close (crash, killed process), the profile is saved as Chromium
 * left it on disk, as after a power loss (Chromium recovers such profiles), and a warning is logged. Its
 * lock files ({@code Singleton*}) are never saved.
 *
 * <p>Use a session from one thread at a time (a Playwright rule).
 *
 * @since 0.1
 */
public final class BrowserSession implements AutoCloseable {

    private enum State { OPEN, CLOSED, SAVE_FAILED, DISCARDED }

    /**
     * What was put back into the browser after launch, beyond the profile's files.
     *
     * @since 0.4
     */
    public enum Applied {
        /** Nothing: the profile's files are all there is. */
        NOTHING,
        /** The session cookies of the last clean close. */
        SESSION_COOKIES,
        /** The newest checkpoint (cookies, session ones included, localStorage, IndexedDB): the last worker died after it. */
        CHECKPOINT
    }

    private final BrowserSessionLauncher launcher;
    private final MountedSession mounted;
    private final MountedProfile profile;
    private final @Nullable Playwright ownedPlaywright;
    private final BrowserContext context;
    private final @Nullable String browserVersion;
    private final @Nullable String savedBrowserVersion;
    private volatile boolean browserGone;
    private final Applied applied;
    private final io.browserstate.playwright.internal.@Nullable AutoCheckpoints auto;
    private volatile State state = State.OPEN;
    private @Nullable SaveResult saveResult;

    BrowserSession(BrowserSessionLauncher launcher, MountedSession mounted, @Nullable Playwright ownedPlaywright, BrowserContext context,
            @Nullable String browserVersion, @Nullable String savedBrowserVersion, Applied applied) {
        this.launcher = launcher;
        this.applied = applied;
        this.mounted = mounted;
        this.profile = new MountedProfile(mounted);
        this.ownedPlaywright = ownedPlaywright;
        this.context = context;
        this.browserVersion = browserVersion;
        this.savedBrowserVersion = savedBrowserVersion;
        context.onClose(c -> browserGone = true);
        Browser browser = context.browser();
        if (browser != null) {
            browser.onDisconnected(b -> browserGone = true);
        }
        java.time.Duration every = launcher.settings().checkpointEvery();
        this.auto = every == null || mounted.readOnly() ? null : new io.browserstate.playwright.internal.AutoCheckpoints(mounted.id(),
                mounted.directory(), every, launcher.playwrightEnv(), this::publishCheckpoint, () -> state == State.OPEN && !browserGone);
    }

    /**
     * The session this browser runs on.
     *
     * @return the session's id
     */
    public SessionId id() {
        return mounted.id();
    }

    /**
     * The mounted profile, read-only: its directory, what was restored, the last save. There is no save
     * on it: the session saves only when closed, after the browser shut down.
     *
     * @return the mounted profile
     */
    public MountedProfile profile() {
        return profile;
    }

    /**
     * The persistent browser context (one per profile).
     *
     * @return the browser context
     */
    public BrowserContext context() {
        return context;
    }

    /**
     * The context's first page, opened when there is none.
     *
     * @return the first page of the context
     */
    public Page page() {
        return context.pages().isEmpty() ? context.newPage() : context.pages().get(0);
    }

    /**
     * The running browser's version, as recorded with the save; {@code null} when unknown.
     *
     * @return the browser version, or {@code null} when unknown
     */
    public @Nullable String browserVersion() {
        return browserVersion;
    }

    /**
     * The browser version the restored snapshot recorded, if any.
     *
     * @return the recorded version; empty when the snapshot recorded none or the session was new
     */
    public Optional<String> savedBrowserVersion() {
        return Optional.ofNullable(savedBrowserVersion);
    }

    /**
     * What the launch put back beyond the profile's files: the newest checkpoint (the previous worker
     * died after it), the session cookies of the last clean close, or nothing.
     *
     * @return what was applied after launch
     * @since 0.4
     */
    public Applied applied() {
        return applied;
    }

    /**
     * Records the running browser's state without closing it: Playwright's storageState with IndexedDB
     * (every cookie, session ones included, and the localStorage and IndexedDB of the origins this
     * browser visited), published as a small layer over the snapshot this session was opened from (or
     * last saved), by the same compare-and-set as a save. A checkpoint replaces the previous checkpoint in
     * the history. Call it from the thread that drives the browser (Playwright's rule).
     *
     * @return what the checkpoint published and what it cost
     * @throws IllegalStateException when the session is read-only or no longer open
     * @throws io.browserstate.api.SessionConflictException when the lease was lost
     * @since 0.4
     */
    public synchronized SaveResult checkpoint() {
        if (mounted.readOnly()) {
            throw new IllegalStateException("Session " + id() + " was opened read-only: it publishes no checkpoints");
        }
        if (state != State.OPEN || browserGone) {
            throw new IllegalStateException("Session " + id() + " is not running (" + (browserGone ? "its browser exited" : state) + ")");
        }
        String stateJson;
        try {
            stateJson = context.storageState(new BrowserContext.StorageStateOptions().setIndexedDB(true));
        } catch (PlaywrightException e) {
            throw new BrowserStateException("Reading the state of the browser of session " + id() + " failed: "
                    + BrowserSessionLauncher.firstLine(e.getMessage()), e);
        }
        return publishCheckpoint(stateJson);
    }

    /** Publishes a storageState document as a checkpoint (the mount serialises checkpoints and saves). */
    private SaveResult publishCheckpoint(String stateJson) {
        return mounted.checkpoint(java.util.Map.of(LiveState.CHECKPOINT, stateJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private void stopAutomaticCheckpoints() {
        if (auto != null) {
            auto.close();
        }
    }

    /**
     * Closes the browser cleanly, saves the profile as the session's new snapshot, releases the lease and
     * removes the directory. Returns what the save did. Calling it again returns the same result.
     *
     * @return what the save did
     * @throws io.browserstate.api.SaveFailedException when the save failed; the profile directory is kept
     *     and the previous snapshot stays current
     * @throws BrowserStateException when the browser could not be closed and still runs; nothing was
     *     saved and the session is still open (call {@link #discard()} to give it up)
     */
    public synchronized SaveResult closeAndSave() {
        if (mounted.readOnly()) {
            throw new IllegalStateException("Session " + id() + " was opened read-only: it never saves. Call close() to end it.");
        }
        if (state == State.CLOSED && saveResult != null) {
            return saveResult;
        }
        if (state == State.DISCARDED) {
            throw new IllegalStateException("Session " + id() + " was discarded; there is nothing to save");
        }
        if (state == State.SAVE_FAILED) {
            throw new IllegalStateException("Session " + id() + " failed to save when it was closed; see that exception");
        }
        stopAutomaticCheckpoints();
        byte[] sessionCookies = launcher.settings().sessionCookies() ? captureSessionCookies() : null;
        boolean clean = closeBrowser();
        if (sessionCookies != null) {
            LiveState.writeSessionCookies(id(), mounted.directory(), sessionCookies);
        }
        if (!clean) {
            BrowserSessionLauncher.LOG.warn("The browser of session {} had exited before it was closed "
                    + "(crashed or killed); saving the profile as it was left on disk", id());
        }
        launcher.forget(this);
        try {
            mounted.close();
        } catch (RuntimeException e) {
            state = State.SAVE_FAILED;
            throw e;
        }
        SaveResult result = mounted.lastSave().orElseThrow(() -> new BrowserStateException(
                "Session " + id() + " was closed but the mount reported no save"));
        saveResult = result;
        state = State.CLOSED; // only with a result: a closed session always answers with it
        return result;
    }

    /**
     * {@link #closeAndSave()}, for try-with-resources; for a read-only session, closes the browser and
     * removes the directory without saving. Does nothing after {@link #discard()} or after a failed save
     * (whose exception was already thrown).
     */
    @Override
    public synchronized void close() {
        if (state != State.OPEN) {
            return;
        }
        if (mounted.readOnly()) {
            // nothing to save: close the browser, then remove the directory
            state = State.CLOSED;
            launcher.forget(this);
            closeBrowser();
            mounted.close();
            return;
        }
        closeAndSave();
    }

    /**
     * Whether the session was opened read-only ({@link BrowserSessionLauncher#openReadOnly}): it holds
     * no lease, {@link #close()} saves nothing and {@link #closeAndSave()} is refused.
     *
     * @return {@code true} for a read-only session
     * @since 0.3
     */
    public boolean readOnly() {
        return mounted.readOnly();
    }

    /** Closes the browser and gives the mount up without saving. Idempotent. */
    public synchronized void discard() {
        if (state != State.OPEN) {
            return;
        }
        state = State.DISCARDED;
        stopAutomaticCheckpoints();
        launcher.forget(this);
        try {
            closeBrowser();
        } catch (RuntimeException e) {
            BrowserSessionLauncher.LOG.debug("Closing the browser of discarded session " + id() + " failed", e);
        }
        mounted.discard();
    }

    /** The running browser's session cookies, or {@code null} when it has none or is gone. */
    private byte @Nullable [] captureSessionCookies() {
        if (browserGone) {
            return null;
        }
        try {
            return LiveState.sessionCookies(context);
        } catch (PlaywrightException e) {
            BrowserSessionLauncher.LOG.warn("Could not read the session cookies of " + id() + " before closing its browser;"
                    + " they are not kept: " + BrowserSessionLauncher.firstLine(e.getMessage()));
            return null;
        }
    }

    /**
     * Closes the context and the owned Playwright. Returns true when the browser shut down cleanly and
     * false when it had already exited; throws when it could not be closed and still runs.
     */
    private boolean closeBrowser() {
        boolean goneBefore = browserGone;
        @Nullable PlaywrightException failure = null;
        boolean stillRunning = false;
        try {
            context.close();
        } catch (PlaywrightException e) {
            failure = e;
            Browser browser = context.browser();
            stillRunning = !browserGone && browser != null && browser.isConnected();
        } finally {
            if (ownedPlaywright != null) {
                try {
                    ownedPlaywright.close();
                } catch (PlaywrightException e) {
                    BrowserSessionLauncher.LOG.debug("Closing Playwright of session " + id() + " failed", e);
                }
            }
        }
        if (stillRunning && failure != null) {
            throw new BrowserStateException("Closing the browser of session " + id() + " failed while it was still running; "
                    + "nothing was saved: " + BrowserSessionLauncher.firstLine(failure.getMessage()), failure);
        }
        return failure == null && !goneBefore;
    }

    @Override
    public String toString() {
        return "BrowserSession[" + id() + " at " + mounted.directory() + ", " + state + "]";
    }
}
