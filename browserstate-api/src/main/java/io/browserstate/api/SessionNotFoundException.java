package io.browserstate.api;

/**
 * The store holds no snapshot for the session. Never replaced by an empty result where the caller
 * asked for existing data.
 *
 * @since 0.1
 */
public class SessionNotFoundException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    private final SessionId sessionId;

    public SessionNotFoundException(SessionId sessionId) {
        super("No stored session " + sessionId);
        this.sessionId = sessionId;
    }

    /** The session that was asked for. */
    public SessionId sessionId() {
        return sessionId;
    }
}
