/**
 * Guice modules: {@link io.browserstate.playwright.guice.BrowserStateModule} binds the manager built
 * from configuration, {@link io.browserstate.playwright.guice.PlaywrightModule} the browser launcher,
 * and {@link io.browserstate.playwright.guice.BrowserStateLifecycle} closes both on shutdown. Guice is
 * an optional dependency of this module: only this package needs it, and the same objects can be built
 * without it (see {@link io.browserstate.playwright.BrowserSessionLauncher}).
 *
 * @since 0.1
 */
@NullMarked
package io.browserstate.playwright.guice;

import org.jspecify.annotations.NullMarked;
