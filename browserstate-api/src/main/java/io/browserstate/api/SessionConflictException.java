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
    /** The session that was contended. */
    private final SessionId sessionId;

    /**
     * Creates an exception for a contended session.
     *
     * @param sessionId the session that was contended
     * @param message what conflicted: the lease held by another worker, or the head that moved
     */
    public SessionConflictException(SessionId sessionId, String message) {
        super(message);
        this.sessionId = sessionId;
    }

    /**
     * The session that was contended.
     *
     * @return the session
     */
    public SessionId sessionId() {
        return sessionId;
    }
}
