package io.browserstate.api;

/**
 * Root of every exception BrowserState throws. Unchecked: callers decide where to handle failures,
 * and every subtype carries enough context (the session, the key, the path) to be acted on.
 *
 * @since 0.1
 */
public class BrowserStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrowserStateException(String message) {
        super(message);
    }

    public BrowserStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
