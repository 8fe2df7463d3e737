package io.browserstate.redis.junit.internal;

import io.browserstate.redis.junit.RedisSentinel;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One master, one replica and three sentinels on 127.0.0.1. */
public final class LocalRedisSentinel implements RedisSentinel {

    private static final int SENTINELS = 3;
    private static final long READY_TIMEOUT_MILLIS = 30_000;
    /**
     * How long a master may not answer before the sentinels call it down. Failover is not under test,
     * and on a starved machine a short value (Sentinel's examples use 3 s) can start one in the middle of
     * a test run; 30 s is Sentinel's own default.
     */
    private static final int DOWN_AFTER_MILLIS = 30_000;

    private final LocalRedisServer master;
    private final LocalRedisServer replica;
    private final List<LocalRedisServer> sentinels;
    private final String password;

    private LocalRedisSentinel(LocalRedisServer master, LocalRedisServer replica, List<LocalRedisServer> sentinels, String password) {
        this.master = master;
        this.replica = replica;
        this.sentinels = List.copyOf(sentinels);
        this.password = password;
    }

    /** Starts everything and waits until the replica is in sync and every sentinel knows the whole setup. */
    public static LocalRedisSentinel start(RedisServerOptions options) {
        RedisBinaries.cli();
        List<LocalRedisServer> started = new ArrayList<>();
        try {
            LocalRedisServer master = LocalRedisServer.start(options, "the Redis Sentinel tests");
            started.add(master);
            LocalRedisServer replica = LocalRedisServer.start(options,
                    () -> List.of("replicaof " + LocalRedisServer.HOST + " " + master.port()), false, "the Redis Sentinel tests");
            started.add(replica);
            List<LocalRedisServer> sentinels = new ArrayList<>();
            for (int i = 0; i < SENTINELS; i++) {
                List<String> config = new ArrayList<>(List.of(
                        "sentinel resolve-hostnames no",
                        "sentinel monitor " + DEFAULT_MASTER_NAME + " " + LocalRedisServer.HOST + " " + master.port() + " 2",
                        "sentinel down-after-milliseconds " + DEFAULT_MASTER_NAME + " " + DOWN_AFTER_MILLIS,
                        "sentinel failover-timeout " + DEFAULT_MASTER_NAME + " 10000",
                        "sentinel parallel-syncs " + DEFAULT_MASTER_NAME + " 1"));
                if (options.password() != null) {
                    config.add("sentinel auth-pass " + DEFAULT_MASTER_NAME + " \"" + options.password() + "\"");
                }
                LocalRedisServer sentinel = LocalRedisServer.start(RedisServerOptions.defaults(), () -> config, true,
                        "the Redis Sentinel tests");
                started.add(sentinel);
                sentinels.add(sentinel);
            }
            LocalRedisSentinel setup = new LocalRedisSentinel(master, replica, sentinels, options.password());
            setup.awaitReady();
            return setup;
        } catch (RuntimeException e) {
            started.forEach(LocalRedisServer::close);
            throw e;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        String last = "";
        while (true) {
            last = replica.cli("INFO", "replication");
            boolean ok = last.contains("master_link_status:up");
            for (int i = 0; ok && i < sentinels.size(); i++) {
                last = sentinels.get(i).cli("SENTINEL", "MASTER", DEFAULT_MASTER_NAME);
                List<String> fields = last.lines().map(String::strip).toList();
                ok = value(fields, "num-slaves").equals("1") && value(fields, "num-other-sentinels").equals(Integer.toString(SENTINELS - 1))
                        && value(fields, "flags").equals("master");
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The Sentinel setup (master " + master.port() + ") was not ready within "
                        + READY_TIMEOUT_MILLIS / 1000 + " s: " + last.strip().replace("\n", ", "));
            }
            LocalRedisServer.sleep(100);
        }
    }

    private static String value(List<String> fields, String name) {
        int i = fields.indexOf(name);
        return i >= 0 && i + 1 < fields.size() ? fields.get(i + 1) : "";
    }

    @Override
    public URI uri() {
        return URI.create("redis-sentinel://" + (password == null ? "" : password + "@") + LocalRedisServer.addresses(sentinels) + "/0#"
                + DEFAULT_MASTER_NAME);
    }

    @Override
    public String masterName() {
        return DEFAULT_MASTER_NAME;
    }

    @Override
    public RedisServer master() {
        return master;
    }

    @Override
    public RedisServer replica() {
        return replica;
    }

    @Override
    public List<RedisServer> sentinels() {
        return List.copyOf(sentinels);
    }

    @Override
    public void close() {
        List<LocalRedisServer> all = new ArrayList<>(sentinels);
        all.add(replica);
        all.add(master);
        LocalRedisServer.closeAll(all);
    }

    @Override
    public String toString() {
        return "Redis Sentinel setup, master on 127.0.0.1:" + master.port();
    }
}
