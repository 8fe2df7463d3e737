/** Implementation of {@code io.browserstate.legacy}; not an API, may change at any time. */
package io.browserstate.legacy.internal;
