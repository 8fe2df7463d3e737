/**
 * Runs Playwright's persistent Chromium contexts on mounted BrowserState sessions: restore the
 * profile, launch the browser on it, and on close shut the browser down cleanly before saving.
 *
 * <p>Start with {@link io.browserstate.playwright.BrowserSessionLauncher}. Guice users find modules
 * in {@link io.browserstate.playwright.guice}.
 *
 * @since 0.1
 */
@NullMarked
package io.browserstate.playwright;

import org.jspecify.annotations.NullMarked;
