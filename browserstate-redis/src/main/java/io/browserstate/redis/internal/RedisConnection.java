package io.browserstate.redis.internal;

import io.browserstate.redis.RedisStorageOptions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One multiplexed Lettuce connection (standalone, through Sentinel, or to a Cluster) with its own
 * client resources. Keys are UTF-8 strings, values raw bytes.
 *
 * <p>Commands issued while the connection is lost wait for the automatic reconnect (retried at most a
 * second apart) and fail after the command timeout.
 */
final class RedisConnection implements AutoCloseable {

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> commands;

    private RedisConnection(ClientResources resources, AbstractRedisClient client, StatefulConnection<String, byte[]> connection,
            RedisClusterAsyncCommands<String, byte[]> commands) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
    }

    /** Connects; fails with Lettuce's exception when no node can be reached. */
    static RedisConnection open(RedisTarget.Topology topology, List<RedisURI> uris, RedisStorageOptions options) {
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        AbstractRedisClient client = null;
        try {
            SocketOptions socket = SocketOptions.builder().connectTimeout(options.connectTimeout()).keepAlive(true).build();
            TimeoutOptions timeouts = TimeoutOptions.enabled(options.commandTimeout());
            for (RedisURI uri : uris) {
                uri.setTimeout(options.commandTimeout());
                uri.getSentinels().forEach(s -> s.setTimeout(options.commandTimeout()));
            }
            if (topology == RedisTarget.Topology.CLUSTER) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, uris);
                client = cluster;
                cluster.setOptions(ClusterClientOptions.builder()
                        .socketOptions(socket)
                        .timeoutOptions(timeouts)
                        // adaptive refresh on MOVED/ASK/reconnects is on by default since Lettuce 7
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().build())
                        .build());
                StatefulRedisClusterConnection<String, byte[]> connection = cluster.connect(CODEC);
                return new RedisConnection(resources, cluster, connection, connection.async());
            }
            RedisClient standalone = new LazySyncRedisClient(resources);
            client = standalone;
            standalone.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts).build());
            StatefulRedisConnection<String, byte[]> connection = standalone.connect(CODEC, uris.get(0));
            return new RedisConnection(resources, standalone, connection, connection.async());
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            }
            resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * The {@code maxmemory-policy} of every master this connection writes to, by node, read with
     * {@code CONFIG GET}; a node where {@code CONFIG} is refused (renamed or forbidden, as on many managed
     * services) answers {@code null}.
     */
    java.util.Map<String, String> evictionPolicies() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
            for (io.lettuce.core.cluster.models.partitions.RedisClusterNode node : cluster.getPartitions()) {
                if (node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM)) {
                    out.put(node.getUri().getHost() + ":" + node.getUri().getPort(),
                            policy(() -> await(cluster.getConnection(node.getNodeId()).async().configGet("maxmemory-policy"))));
                }
            }
        } else if (connection instanceof StatefulRedisConnection<String, byte[]> standalone) {
            out.put("the server", policy(() -> await(standalone.async().configGet("maxmemory-policy"))));
        }
        return out;
    }

    /** The server's {@code redis_version} from {@code INFO server}, or {@code null} when it cannot be read. */
    String serverVersion() {
        try {
            String info;
            if (connection instanceof StatefulRedisConnection<String, byte[]> standalone) {
                info = await(standalone.async().info("server"));
            } else {
                return null;
            }
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    return line.substring("redis_version:".length()).trim();
                }
            }
            return null;
        } catch (io.lettuce.core.RedisException e) {
            return null;
        }
    }

    /** Whether a dotted version such as {@code 7.0.15} is at least {@code major.minor}. */
    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * Waits on this connection (whose writes came before) until {@code replicas} replicas have them, and with
     * {@code aof} until they are in the append-only files: {@code WAIT}, or {@code WAITAOF 1 replicas}.
     * Completes with {local AOF acknowledgements (1 without {@code aof}), replica acknowledgements}.
     */
    java.util.concurrent.CompletionStage<long[]> waitForAcknowledgements(int replicas, boolean aof, Duration timeout) {
        if (!aof) {
            return commands.waitForReplication(replicas, timeout.toMillis()).thenApply(n -> new long[] {1, n == null ? 0 : n});
        }
        io.lettuce.core.protocol.CommandArgs<String, byte[]> args = new io.lettuce.core.protocol.CommandArgs<>(CODEC)
                .add(1).add(replicas).add(timeout.toMillis());
        return commands.dispatch(WAITAOF, new io.lettuce.core.output.ArrayOutput<>(CODEC), args).thenApply(reply -> {
            long local = reply.size() > 0 && reply.get(0) instanceof Long l ? l : 0;
            long remote = reply.size() > 1 && reply.get(1) instanceof Long r ? r : 0;
            return new long[] {local, remote};
        });
    }

    private static final io.lettuce.core.protocol.ProtocolKeyword WAITAOF = new io.lettuce.core.protocol.ProtocolKeyword() {
        private final byte[] bytes = "WAITAOF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        @Override
        public byte[] getBytes() {
            return bytes;
        }

        @Override
        public String toString() {
            return "WAITAOF";
        }
    };

    /**
     * The reply of a command sent through the asynchronous API, awaited as the synchronous API would: up to
     * the connection's command timeout, cancelled after it, Lettuce's exceptions unchanged. Used instead of
     * {@code sync()} on the paths every process takes, see {@link LazySyncRedisClient}.
     */
    private <T> T await(io.lettuce.core.RedisFuture<T> reply) {
        return io.lettuce.core.LettuceFutures.awaitOrCancel(reply, connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private static String policy(java.util.function.Supplier<java.util.Map<String, String>> configGet) {
        try {
            return configGet.get().get("maxmemory-policy");
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            return null;
        }
    }

    /** What {@code RedisDoctor} judges: see {@link RedisDiagnosis}. */
    RedisDiagnosis diagnose(int samples) {
        io.lettuce.core.api.sync.RedisServerCommands<String, byte[]> server;
        io.lettuce.core.api.sync.BaseRedisCommands<String, byte[]> base;
        if (connection instanceof StatefulRedisConnection<String, byte[]> standalone) {
            server = standalone.sync();
            base = standalone.sync();
        } else if (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
            io.lettuce.core.cluster.models.partitions.RedisClusterNode first = cluster.getPartitions().stream()
                    .filter(n -> n.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM)).findFirst()
                    .orElseThrow(() -> new io.browserstate.api.StorageException("The Cluster names no master"));
            var node = cluster.getConnection(first.getNodeId()).sync();
            server = node;
            base = node;
        } else {
            throw new IllegalStateException("unknown connection " + connection);
        }
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>();
        for (String name : List.of("maxmemory-policy", "maxmemory", "appendonly", "appendfsync", "save", "min-replicas-to-write")) {
            try {
                config.putAll(server.configGet(name));
            } catch (io.lettuce.core.RedisCommandExecutionException e) {
                // CONFIG renamed or forbidden: the doctor says so
            }
        }
        String info = server.info("everything");
        long[] pings = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            base.ping();
            pings[i] = System.nanoTime() - t0;
        }
        return new RedisDiagnosis(config, info, pings);
    }

    /** The asynchronous commands (auto-flushed, so many may be in flight at once). */
    RedisClusterAsyncCommands<String, byte[]> commands() {
        return commands;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            try {
                client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            } finally {
                resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
