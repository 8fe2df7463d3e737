package io.browserstate.redis.junit;

import io.browserstate.redis.junit.internal.DockerDetector;
import io.browserstate.redis.junit.internal.DockerRedisServer;
import io.browserstate.redis.junit.internal.ExternalRedisServer;
import io.browserstate.redis.junit.internal.LocalRedisCluster;
import io.browserstate.redis.junit.internal.LocalRedisSentinel;
import io.browserstate.redis.junit.internal.LocalRedisServer;
import io.browserstate.redis.junit.internal.RedisBinaries;
import java.net.URI;

/**
 * Starts real Redis servers for tests, outside JUnit or inside it (through {@link RedisExtension}).
 * The caller closes what it gets.
 *
 * <p>A standalone server comes, in this order of preference, from Testcontainers ({@code redis:7})
 * when a Docker engine answers, from the local {@code redis-server} binary on a free 127.0.0.1 port,
 * or from the URL in {@value #URL_ENVIRONMENT_VARIABLE}. With none of them the call fails with one
 * line that says to {@code apt-get install redis-server}; it never skips. Options with
 * {@link RedisServerOptions#localProcess()} always get the local binary; options that a container or
 * an external server cannot honour are refused with a message saying so, never ignored. Cluster and
 * Sentinel setups always use the local binary.
 *
 * @since 0.1
 */
public final class TestRedis {

    /** Environment variable naming an external Redis ({@code redis://[:password@]host:port[/db]}). */
    public static final String URL_ENVIRONMENT_VARIABLE = "BROWSERSTATE_TEST_REDIS_URL";

    private TestRedis() {
    }

    /**
     * A running standalone server with {@link RedisServerOptions#defaults()}.
     *
     * @return a running server, which the caller closes
     */
    public static RedisServer server() {
        return server(RedisServerOptions.defaults());
    }

    /**
     * A running standalone server configured by {@code options}.
     *
     * @param options how the server is configured
     * @return a running server, which the caller closes
     */
    public static RedisServer server(RedisServerOptions options) {
        if (options.localProcess()) {
            return LocalRedisServer.start(options, "a test that asks for a local redis-server process");
        }
        if (DockerDetector.available()) {
            return DockerRedisServer.start(options);
        }
        if (RedisBinaries.find("redis-server").isPresent()) {
            return LocalRedisServer.start(options, "the Redis tests");
        }
        String url = System.getenv(URL_ENVIRONMENT_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new ExternalRedisServer(URI.create(url.strip()), options);
        }
        throw new IllegalStateException("No Redis for tests: no Docker engine, no redis-server binary and no "
                + URL_ENVIRONMENT_VARIABLE + "; " + RedisBinaries.INSTALL_HINT);
    }

    /**
     * A running three-master Redis Cluster on the local binary.
     *
     * @return a running cluster, which the caller closes
     */
    public static RedisCluster cluster() {
        return cluster(RedisServerOptions.defaults());
    }

    /**
     * A running three-master Redis Cluster whose nodes are configured by {@code options}.
     *
     * @param options how each node is configured
     * @return a running cluster, which the caller closes
     */
    public static RedisCluster cluster(RedisServerOptions options) {
        return LocalRedisCluster.start(options);
    }

    /**
     * A running Sentinel setup (master, replica, three sentinels) on the local binary.
     *
     * @return a running Sentinel setup, which the caller closes
     */
    public static RedisSentinel sentinel() {
        return sentinel(RedisServerOptions.defaults());
    }

    /**
     * A running Sentinel setup whose data nodes are configured by {@code options}.
     *
     * @param options how the master and the replica are configured
     * @return a running Sentinel setup, which the caller closes
     */
    public static RedisSentinel sentinel(RedisServerOptions options) {
        return LocalRedisSentinel.start(options);
    }
}
