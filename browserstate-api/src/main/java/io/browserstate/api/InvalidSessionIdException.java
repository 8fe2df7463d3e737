package io.browserstate.api;

/**
 * A user id or session id was refused; the message says which id and why.
 *
 * @since 0.1
 */
public class InvalidSessionIdException extends BrowserStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message which id was refused and why
     */
    public InvalidSessionIdException(String message) {
        super(message);
    }
}
