package io.browserstate.legacy.internal;

import io.browserstate.api.InvalidSessionIdException;
import io.browserstate.api.SessionId;
import io.browserstate.api.StorageException;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy key layout in Redis: {@code prefix:userId:sessionId} holding the value and
 * {@code prefix:userId:sessionId:metadata} holding informational JSON. Plain strings only; listing uses
 * {@code SCAN} with {@code MATCH} and {@code TYPE string}, never {@code KEYS}.
 */
public final class LegacyStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyStore.class);
    private static final String METADATA_SUFFIX = ":metadata";

    /** Deletes both keys only while the value is still the one that was migrated (compared by SHA-1). */
    private static final String DELETE_IF_UNCHANGED =
            "local v = redis.call('GET', KEYS[1])\n"
            + "if v and redis.sha1hex(v) == ARGV[1] then\n"
            + "  return redis.call('DEL', KEYS[1], KEYS[2])\n"
            + "end\n"
            + "return 0\n";

    private final RedisClient ownedClient;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> redis;
    private final String prefix;
    private final int scanCount;

    private LegacyStore(RedisClient ownedClient, StatefulRedisConnection<String, byte[]> connection, String prefix, int scanCount) {
        this.ownedClient = ownedClient;
        this.connection = connection;
        this.redis = connection.sync();
        this.prefix = prefix;
        this.scanCount = scanCount;
    }

    /**
     * Opens a connection through {@code client}.
     *
     * @param owned whether {@link #close()} shuts the client down as well
     */
    public static LegacyStore open(RedisClient client, boolean owned, String prefix, int scanCount) {
        StatefulRedisConnection<String, byte[]> connection;
        try {
            connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        } catch (RedisException e) {
            if (owned) {
                client.shutdown();
            }
            throw new StorageException("Cannot connect to Redis for legacy sessions: " + e.getMessage(), e);
        }
        return new LegacyStore(owned ? client : null, connection, prefix, scanCount);
    }

    /** The session key, {@code prefix:userId:sessionId}. */
    public String key(SessionId id) {
        return prefix + ":" + id.userId() + ":" + id.sessionId();
    }

    /** The metadata key, {@code prefix:userId:sessionId:metadata}. */
    public String metadataKey(SessionId id) {
        return key(id) + METADATA_SUFFIX;
    }

    /** The session value, or {@code null} when the key is missing. */
    public byte[] value(SessionId id) {
        String key = key(id);
        return call("GET " + key, () -> redis.get(key));
    }

    /** The first bytes of the session value (empty when missing). */
    public byte[] valuePrefix(SessionId id, int length) {
        String key = key(id);
        byte[] bytes = call("GETRANGE " + key, () -> redis.getrange(key, 0, length - 1));
        return bytes == null ? new byte[0] : bytes;
    }

    /** The length of the session value; 0 when the key is missing. */
    public long valueLength(SessionId id) {
        String key = key(id);
        Long length = call("STRLEN " + key, () -> redis.strlen(key));
        return length == null ? 0 : length;
    }

    /** The metadata text, or {@code null} when the key is missing. */
    public String metadata(SessionId id) {
        String key = metadataKey(id);
        byte[] bytes = call("GET " + key, () -> redis.get(key));
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The remaining time to live of the session key, {@code null} when it never expires or is missing. */
    public Duration ttl(SessionId id) {
        String key = key(id);
        Long ms = call("PTTL " + key, () -> redis.pttl(key));
        return ms == null || ms < 0 ? null : Duration.ofMillis(ms);
    }

    /**
     * Writes the value and then the metadata, each with {@code SET … EX} (the same as the TypeScript
     * writer's {@code SETEX}) when {@code ttl} is given, else with a plain {@code SET} (which also clears an earlier expiry).
     */
    public void write(SessionId id, byte[] value, String metadata, Duration ttl) {
        String key = key(id);
        String metadataKey = metadataKey(id);
        byte[] meta = metadata.getBytes(StandardCharsets.UTF_8);
        if (ttl == null) {
            call("SET " + key, () -> redis.set(key, value));
            call("SET " + metadataKey, () -> redis.set(metadataKey, meta));
        } else {
            long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
            SetArgs expiry = SetArgs.Builder.ex(seconds);
            call("SET EX " + key, () -> redis.set(key, value, expiry));
            call("SET EX " + metadataKey, () -> redis.set(metadataKey, meta, expiry));
        }
    }

    /** Deletes the value and the metadata when the value's SHA-1 is still {@code sha1Hex}; returns whether it did. */
    public boolean deleteIfUnchanged(SessionId id, String sha1Hex) {
        String[] keys = {key(id), metadataKey(id)};
        Long deleted = call("EVAL delete-if-unchanged " + keys[0],
                () -> redis.eval(DELETE_IF_UNCHANGED, ScriptOutputType.INTEGER, keys, sha1Hex.getBytes(StandardCharsets.US_ASCII)));
        return deleted != null && deleted > 0;
    }

    /** Deletes the value and the metadata; returns whether the value existed. */
    public boolean delete(SessionId id) {
        String key = key(id);
        String metadataKey = metadataKey(id);
        Long valueDeleted = call("DEL " + key, () -> redis.del(key));
        call("DEL " + metadataKey, () -> redis.del(metadataKey));
        return valueDeleted != null && valueDeleted > 0;
    }

    /** Every session of one user, sorted; metadata keys dropped. */
    public List<SessionId> list(String userId) {
        SessionId.validate("userId", userId);
        return scan(escapeGlob(prefix + ":" + userId + ":") + "*", userId);
    }

    /** Every session under the prefix, sorted; metadata keys dropped. */
    public List<SessionId> listAll() {
        return scan(escapeGlob(prefix + ":") + "*", null);
    }

    private List<SessionId> scan(String match, String onlyUser) {
        KeyScanArgs args = new KeyScanArgs().match(match).limit(scanCount).type("string");
        TreeSet<SessionId> found = new TreeSet<>();
        List<String> refused = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScanCursor from = cursor;
            KeyScanCursor<String> page = call("SCAN MATCH " + match, () -> redis.scan(from, args));
            for (String key : page.getKeys()) {
                SessionId id = parse(key, refused);
                if (id != null && (onlyUser == null || onlyUser.equals(id.userId()))) {
                    found.add(id);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        if (!refused.isEmpty()) {
            LOG.warn("Skipped {} legacy key(s) whose ids are not valid session ids, e.g. {}",
                    refused.size(), refused.get(0));
        }
        return List.copyOf(found);
    }

    /** {@code prefix:U:S} gives a session; {@code prefix:U:S:metadata} and keys of other shapes give nothing. */
    private SessionId parse(String key, List<String> refused) {
        String head = prefix + ":";
        if (!key.startsWith(head)) {
            return null;
        }
        String[] parts = key.substring(head.length()).split(":", -1);
        if (parts.length != 2) {
            return null;
        }
        try {
            return new SessionId(parts[0], parts[1]);
        } catch (InvalidSessionIdException e) {
            refused.add(key);
            return null;
        }
    }

    static String escapeGlob(String literal) {
        StringBuilder b = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static <T> T call(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new StorageException("Redis command " + what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            if (ownedClient != null) {
                ownedClient.shutdown();
            }
        }
    }
}
