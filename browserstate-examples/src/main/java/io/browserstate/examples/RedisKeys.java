package io.browserstate.examples;

import io.browserstate.api.SessionId;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists the Redis keys that hold one session, with {@code SCAN} (never {@code KEYS}): every key of a
 * session carries the session's hash tag {@code {userId:sessionId}}, which is what keeps a session on
 * one Redis Cluster shard.
 *
 * @since 0.1
 */
public final class RedisKeys implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisKeys(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    /** Connects to the Redis named by a storage URI (its BrowserState options are ignored). */
    public static RedisKeys connect(URI storageUri) {
        RedisClient client = RedisClient.create(RedisURI.create(withoutQuery(storageUri)));
        try {
            return new RedisKeys(client, client.connect());
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** Whether the URI names a Redis this class can list keys of. */
    public static boolean supports(URI storageUri) {
        String scheme = storageUri.getScheme();
        return "redis".equalsIgnoreCase(scheme) || "rediss".equalsIgnoreCase(scheme);
    }

    /** The session's keys and those of its user's shared space (chunks, manifests, snapshot records), sorted. */
    public Set<String> keysOf(SessionId id) {
        Set<String> keys = new TreeSet<>();
        keys.addAll(scan("*{" + id.userId() + ":" + id.sessionId() + "}*"));
        keys.addAll(scan("*:user:{" + id.userId() + "}:*"));
        return keys;
    }

    private Set<String> scan(String pattern) {
        Set<String> keys = new TreeSet<>();
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        KeyScanCursor<String> cursor = connection.sync().scan(args);
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = connection.sync().scan(ScanCursor.of(cursor.getCursor()), args);
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown();
        }
    }

    private static String withoutQuery(URI uri) {
        String s = uri.toString();
        int cut = s.length();
        for (char c : new char[] {'?', '#'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return s.substring(0, cut);
    }
}
