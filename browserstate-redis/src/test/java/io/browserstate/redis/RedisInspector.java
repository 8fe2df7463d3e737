package io.browserstate.redis;

import io.browserstate.redis.junit.RedisServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test's own Lettuce connection for looking at what the provider left in a standalone Redis: keys
 * by pattern ({@code SCAN}, never {@code KEYS}) and their TTLs read in one round trip, so that checks
 * take no longer on a loaded machine than one command does.
 */
final class RedisInspector implements AutoCloseable {

    /** Returns {@code PTTL} of every key in KEYS, in order. */
    private static final String PTTLS = """
            local ttls = {}
            for i, key in ipairs(KEYS) do ttls[i] = redis.call('PTTL', key) end
            return ttls
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisInspector(RedisServer redis) {
        this.client = RedisClient.create(redis.uri().toString());
        this.connection = client.connect();
    }

    RedisCommands<String, String> sync() {
        return connection.sync();
    }

    /** The keys matching the glob {@code pattern}, sorted. */
    List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync().scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        keys.sort(null);
        return keys;
    }

    /** {@code PTTL} of each key (-1: no expiry, -2: no such key), read in one round trip. */
    Map<String, Long> pttls(List<String> keys) {
        List<Long> ttls = sync().eval(PTTLS, ScriptOutputType.MULTI, keys.toArray(String[]::new));
        Map<String, Long> byKey = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byKey.put(keys.get(i), ttls.get(i));
        }
        return byKey;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown();
        }
    }
}
