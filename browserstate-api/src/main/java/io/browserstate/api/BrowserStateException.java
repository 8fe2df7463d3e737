package io.browserstate.api;

/**
 * Root of every exception BrowserState throws. Unchecked: callers decide where to handle failures,
 * and every subtype carries enough context (the session, the key, the path) to be acted on.
 *
 * @since 0.1
 */
public class BrowserStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public BrowserStateException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the failure that caused it.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public BrowserStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
