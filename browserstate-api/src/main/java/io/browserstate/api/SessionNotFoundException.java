package io.browserstate.api;

/**
 * The store holds no snapshot for the session. Never replaced by an empty result where the caller
 * asked for existing data.
 *
 * @since 0.1
 */
public class SessionNotFoundException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    /** The session that was asked for. */
    private final SessionId sessionId;

    /**
     * Creates an exception whose message names the session.
     *
     * @param sessionId the session that was asked for
     */
    public SessionNotFoundException(SessionId sessionId) {
        super("No stored session " + sessionId);
        this.sessionId = sessionId;
    }

    /**
     * Creates an exception with its own message, e.g. for a version the session does not keep.
     *
     * @param sessionId the session that was asked for
     * @param message what was not found, naming the session
     * @since 0.3
     */
    public SessionNotFoundException(SessionId sessionId, String message) {
        super(message);
        this.sessionId = sessionId;
    }

    /**
     * The session that was asked for.
     *
     * @return the session
     */
    public SessionId sessionId() {
        return sessionId;
    }
}
