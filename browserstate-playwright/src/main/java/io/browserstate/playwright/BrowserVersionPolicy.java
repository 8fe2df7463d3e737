package io.browserstate.playwright;

/**
 * What to do when a session's snapshot was written by a browser of a newer major version than the one
 * about to open it. Chromium opening a newer profile may refuse parts of it (cookies, for one) or
 * silently reset them, so the default says so loudly.
 *
 * @since 0.1
 */
public enum BrowserVersionPolicy {
    /** Log a warning and launch anyway. */
    WARN,
    /** Refuse with {@link IncompatibleBrowserException} before the browser touches the profile. */
    REFUSE
}
