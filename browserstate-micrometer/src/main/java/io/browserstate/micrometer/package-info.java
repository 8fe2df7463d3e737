/**
 * Micrometer metrics of BrowserState managers: {@link io.browserstate.micrometer.BrowserStateMetrics}.
 */
@NullMarked
package io.browserstate.micrometer;

import org.jspecify.annotations.NullMarked;
