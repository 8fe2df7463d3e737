package io.browserstate.redis.junit.internal;

import io.browserstate.redis.junit.RedisCluster;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Three cluster-enabled {@code redis-server} masters on 127.0.0.1 joined by {@code redis-cli --cluster create}. */
public final class LocalRedisCluster implements RedisCluster {

    private static final int MASTERS = 3;
    private static final long READY_TIMEOUT_MILLIS = 30_000;

    private final List<LocalRedisServer> nodes;
    private final String password;

    private LocalRedisCluster(List<LocalRedisServer> nodes, String password) {
        this.nodes = List.copyOf(nodes);
        this.password = password;
    }

    /** Starts the nodes, creates the cluster and waits until every node reports {@code cluster_state:ok}. */
    public static LocalRedisCluster start(RedisServerOptions options) {
        RedisBinaries.cli();
        List<LocalRedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < MASTERS; i++) {
                nodes.add(LocalRedisServer.start(options, () -> List.of(
                        "cluster-enabled yes",
                        "cluster-config-file nodes.conf",
                        "cluster-node-timeout 5000",
                        "cluster-port " + Ports.free()), false, "the Redis Cluster tests"));
            }
            LocalRedisCluster cluster = new LocalRedisCluster(nodes, options.password());
            cluster.create();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(LocalRedisServer::close);
            throw e;
        }
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of(RedisBinaries.cli().toString(), "--cluster", "create"));
        for (LocalRedisServer node : nodes) {
            command.add(LocalRedisServer.HOST + ":" + node.port());
        }
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Commands.run(command, password == null ? Map.of() : Map.of("REDISCLI_AUTH", password));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        while (true) {
            boolean ok = true;
            for (LocalRedisServer node : nodes) {
                String info = node.cli("CLUSTER", "INFO");
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + MASTERS)
                        || !info.contains("cluster_slots_ok:16384")) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The Redis Cluster on ports " + ports() + " did not reach cluster_state:ok within "
                        + READY_TIMEOUT_MILLIS / 1000 + " s: " + nodes.get(0).cli("CLUSTER", "INFO").strip().replace("\r\n", ", "));
            }
            LocalRedisServer.sleep(50);
        }
    }

    private String ports() {
        return nodes.stream().map(n -> Integer.toString(n.port())).collect(Collectors.joining(","));
    }

    @Override
    public URI uri() {
        return URI.create("redis-cluster://" + (password == null ? "" : ":" + password + "@") + LocalRedisServer.addresses(nodes));
    }

    @Override
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public String cli(String... args) {
        List<String> all = new ArrayList<>();
        all.add("-c");
        all.addAll(List.of(args));
        return nodes.get(0).cli(all.toArray(String[]::new));
    }

    @Override
    public void close() {
        LocalRedisServer.closeAll(nodes);
    }

    @Override
    public String toString() {
        return "Redis Cluster on 127.0.0.1 ports " + ports();
    }
}
