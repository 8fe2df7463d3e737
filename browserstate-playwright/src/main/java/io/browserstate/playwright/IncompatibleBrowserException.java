package io.browserstate.playwright;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * The session's snapshot was written by a newer major browser version than the one configured, and
 * {@link BrowserVersionPolicy#REFUSE} is in force. Nothing was launched or saved; the stored snapshot
 * is unchanged.
 *
 * @since 0.1
 */
public class IncompatibleBrowserException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    /** The session that was refused. */
    private final SessionId sessionId;
    /** The browser version recorded with the snapshot. */
    private final @Nullable String savedVersion;
    /** The version of the browser that was about to open it. */
    private final @Nullable String browserVersion;

    /**
     * An exception for a session whose snapshot a newer major browser version wrote.
     *
     * @param sessionId the session that was refused
     * @param savedVersion the browser version recorded with the snapshot
     * @param browserVersion the version of the browser that was about to open it
     */
    public IncompatibleBrowserException(SessionId sessionId, @Nullable String savedVersion, @Nullable String browserVersion) {
        super("Session " + sessionId + " was saved by browser version " + savedVersion + ", newer than this browser ("
                + browserVersion + "); refusing to open it because " + BrowserVersionPolicy.class.getSimpleName() + "."
                + BrowserVersionPolicy.REFUSE + " is configured. Update the browser, or use "
                + BrowserVersionPolicy.WARN + " to open it anyway");
        this.sessionId = sessionId;
        this.savedVersion = savedVersion;
        this.browserVersion = browserVersion;
    }

    /**
     * The session that was refused.
     *
     * @return the session's id
     */
    public SessionId sessionId() {
        return sessionId;
    }

    /**
     * The browser version recorded with the snapshot.
     *
     * @return the saved browser version
     */
    public @Nullable String savedVersion() {
        return savedVersion;
    }

    /**
     * The version of the browser that was about to open it.
     *
     * @return the version of the browser that would have opened the session
     */
    public @Nullable String browserVersion() {
        return browserVersion;
    }
}
