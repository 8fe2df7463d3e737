/**
 * Runnable examples. {@link io.browserstate.examples.RedisNotesExample} is the main one: a notes page
 * whose localStorage survives closing the browser, because the whole profile is saved to Redis and
 * restored. {@link io.browserstate.examples.sqlite} shows how to write a storage backend of your own.
 *
 * @since 0.1
 */
package io.browserstate.examples;
