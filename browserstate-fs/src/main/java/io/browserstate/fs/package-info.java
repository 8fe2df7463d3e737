/**
 * fs.
 *
 * @since 0.2
 */
@NullMarked
package io.browserstate.fs;

import org.jspecify.annotations.NullMarked;
