package io.browserstate.api;

/**
 * Another writer got there first: the session's head moved since this save started, or another
 * worker holds the session's lease. Nothing of this save was published; the previous snapshot stays
 * current.
 *
 * @since 0.1
 */
public class SessionConflictException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    private final SessionId sessionId;

    public SessionConflictException(SessionId sessionId, String message) {
        super(message);
        this.sessionId = sessionId;
    }

    /** The session that was contended. */
    public SessionId sessionId() {
        return sessionId;
    }
}
