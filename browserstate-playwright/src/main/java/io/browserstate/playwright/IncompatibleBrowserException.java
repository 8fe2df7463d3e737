package io.browserstate.playwright;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.SessionId;

/**
 * The session's snapshot was written by a newer major browser version than the one configured, and
 * {@link BrowserVersionPolicy#REFUSE} is in force. Nothing was launched or saved; the stored snapshot
 * is unchanged.
 *
 * @since 0.1
 */
public class IncompatibleBrowserException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    private final SessionId sessionId;
    private final String savedVersion;
    private final String browserVersion;

    public IncompatibleBrowserException(SessionId sessionId, String savedVersion, String browserVersion) {
        super("Session " + sessionId + " was saved by browser version " + savedVersion + ", newer than this browser ("
                + browserVersion + "); refusing to open it because " + BrowserVersionPolicy.class.getSimpleName() + "."
                + BrowserVersionPolicy.REFUSE + " is configured. Update the browser, or use "
                + BrowserVersionPolicy.WARN + " to open it anyway");
        this.sessionId = sessionId;
        this.savedVersion = savedVersion;
        this.browserVersion = browserVersion;
    }

    public SessionId sessionId() {
        return sessionId;
    }

    /** The browser version recorded with the snapshot. */
    public String savedVersion() {
        return savedVersion;
    }

    /** The version of the browser that was about to open it. */
    public String browserVersion() {
        return browserVersion;
    }
}
