/**
 * memory.
 *
 * @since 0.2
 */
@NullMarked
package io.browserstate.core.memory;

import org.jspecify.annotations.NullMarked;
