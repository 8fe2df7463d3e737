/** Implementation of the test servers; not an API. */
package io.browserstate.redis.junit.internal;
