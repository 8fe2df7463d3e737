/**
 * What applications call: {@link io.browserstate.api.BrowserStateManager}, session ids, options,
 * results and the exception hierarchy rooted at {@link io.browserstate.api.BrowserStateException}.
 *
 * @since 0.1
 */
@NullMarked
package io.browserstate.api;

import org.jspecify.annotations.NullMarked;
