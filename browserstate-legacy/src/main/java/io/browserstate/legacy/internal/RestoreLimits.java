package io.browserstate.legacy.internal;

/**
 * Bounds on what one restore may expand.
 *
 * @param maxBytes total bytes of regular files
 * @param maxEntries files, directories (explicit or implied) and links together
 */
record RestoreLimits(long maxBytes, long maxEntries) {
}
