/**
 * Reading, migrating and writing sessions stored by the original TypeScript and Python BrowserState
 * libraries in Redis. Start at {@link io.browserstate.legacy.LegacySessions}.
 *
 * @since 0.1
 */
@NullMarked
package io.browserstate.legacy;

import org.jspecify.annotations.NullMarked;
