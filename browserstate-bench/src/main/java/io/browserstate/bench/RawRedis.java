package io.browserstate.bench;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A plain Lettuce connection for what the benchmark does beside the provider: the baselines, the raw
 * limits and {@code MEMORY USAGE}. Pipelines with a bounded window and drops every completed future at
 * once, so nothing but the values themselves stays on the heap.
 */
final class RawRedis implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 120;

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> sync;
    private final RedisAsyncCommands<String, byte[]> async;

    private RawRedis(RedisClient client, StatefulRedisConnection<String, byte[]> connection) {
        this.client = client;
        this.connection = connection;
        this.sync = connection.sync();
        this.async = connection.async();
    }

    static RawRedis connect(URI uri) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        try {
            return new RawRedis(client, client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    RedisCommands<String, byte[]> sync() {
        return sync;
    }

    /** The server's {@code redis_version}. */
    String version() {
        for (String line : sync.info("server").split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).trim();
            }
        }
        return "unknown";
    }

    /** Seconds of CPU the server process has used ({@code used_cpu_sys + used_cpu_user} of {@code INFO cpu}), or NaN. */
    double cpuSeconds() {
        double total = 0;
        int found = 0;
        for (String line : sync.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                found++;
            }
        }
        return found == 2 ? total : Double.NaN;
    }

    /** Keys matching a glob pattern, found with {@code SCAN} (never {@code KEYS}). */
    List<String> scan(String pattern) {
        List<String> keys = new ArrayList<>();
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        KeyScanCursor<String> cursor = sync.scan(ScanCursor.INITIAL, args);
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = sync.scan(cursor, args);
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }

    /** {@code MEMORY USAGE} summed over the keys matching {@code pattern}. */
    long memoryUsage(String pattern) {
        long sum = 0;
        for (String key : scan(pattern)) {
            Long used = sync.memoryUsage(key);
            sum += used == null ? 0 : used;
        }
        return sum;
    }

    /** The values of the keys matching {@code pattern}, in key order. */
    List<byte[]> values(String pattern) {
        List<String> keys = new ArrayList<>(scan(pattern));
        keys.sort(null);
        List<byte[]> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            values.add(sync.get(key));
        }
        return values;
    }

    /** Unlinks every key matching {@code pattern}; returns how many there were. */
    long unlink(String pattern) {
        List<String> keys = scan(pattern);
        for (int from = 0; from < keys.size(); from += 500) {
            sync.unlink(keys.subList(from, Math.min(keys.size(), from + 500)).toArray(String[]::new));
        }
        return keys.size();
    }

    /** {@code SET keyPrefix<i> values[i]} for every value, {@code window} commands in flight. Returns bytes sent. */
    long setAll(String keyPrefix, List<byte[]> values, int window) throws Exception {
        Deque<RedisFuture<String>> inFlight = new ArrayDeque<>();
        long bytes = 0;
        for (int i = 0; i < values.size(); i++) {
            if (inFlight.size() >= window) {
                inFlight.poll().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            inFlight.add(async.set(keyPrefix + i, values.get(i)));
            bytes += values.get(i).length;
        }
        while (!inFlight.isEmpty()) {
            inFlight.poll().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return bytes;
    }

    /** {@code GET keyPrefix<i>} for {@code count} keys, {@code window} in flight, values dropped. Returns bytes read. */
    long getAll(String keyPrefix, int count, int window) throws Exception {
        Deque<RedisFuture<byte[]>> inFlight = new ArrayDeque<>();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            if (inFlight.size() >= window) {
                bytes += length(inFlight.poll().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            inFlight.add(async.get(keyPrefix + i));
        }
        while (!inFlight.isEmpty()) {
            bytes += length(inFlight.poll().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        return bytes;
    }

    private static long length(byte[] value) {
        if (value == null) {
            throw new IllegalStateException("a value written by the benchmark is missing");
        }
        return value.length;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
