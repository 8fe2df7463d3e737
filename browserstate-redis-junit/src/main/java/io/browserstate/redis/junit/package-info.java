/**
 * Real Redis servers for tests: {@link io.browserstate.redis.junit.RedisExtension} injects a
 * {@link io.browserstate.redis.junit.RedisServer}, {@link io.browserstate.redis.junit.RedisCluster} or
 * {@link io.browserstate.redis.junit.RedisSentinel}; {@link io.browserstate.redis.junit.TestRedis}
 * starts the same outside JUnit.
 *
 * @since 0.1
 */
@NullMarked
package io.browserstate.redis.junit;

import org.jspecify.annotations.NullMarked;
