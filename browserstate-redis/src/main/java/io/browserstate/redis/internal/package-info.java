/** Implementation of the Redis provider; not an API. */
package io.browserstate.redis.internal;
