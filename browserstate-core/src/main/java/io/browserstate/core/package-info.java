/**
 * Entry points of the snapshot engine: {@link io.browserstate.core.BrowserState} creates managers,
 * {@link io.browserstate.core.BrowserStateConfig} reads configuration, and
 * {@link io.browserstate.core.StorageProviders} finds providers by URI scheme.
 *
 * @since 0.1
 */
@NullMarked
package io.browserstate.core;

import org.jspecify.annotations.NullMarked;
