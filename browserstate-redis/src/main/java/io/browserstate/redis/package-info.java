/**
 * Redis storage for BrowserState on Lettuce: {@link io.browserstate.redis.RedisStorageProviderFactory}
 * opens {@code redis://}, {@code rediss://}, {@code redis-sentinel://} and {@code redis-cluster://}
 * URIs, configured by {@link io.browserstate.redis.RedisStorageOptions}.
 *
 * @since 0.1
 */
@NullMarked
package io.browserstate.redis;

import org.jspecify.annotations.NullMarked;
