/**
 * tck.
 *
 * @since 0.2
 */
@NullMarked
package io.browserstate.tck;

import org.jspecify.annotations.NullMarked;
