package io.browserstate.legacy;

import io.browserstate.api.SessionId;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions;
import io.browserstate.redis.junit.TestRedis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A test class's own Redis keys, on a real server started for the class ({@link TestRedis#server}, with
 * {@code KEYS} renamed away so that any code path listing with it fails). Every key the class writes —
 * replayed fixtures, keys the library writes, keys set by hand — starts with a prefix unique to this run
 * of the class, and each test's keys are deleted after it (found with {@code SCAN} of that prefix).
 * Nothing is ever flushed, so the tests are safe against an external server
 * ({@code BROWSERSTATE_TEST_REDIS_URL}) too.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestKeyspace redis = new TestKeyspace();
 * }</pre>
 *
 * <p>The {@link LegacySessions} it hands out are closed by it: {@link #legacy()} after the class,
 * {@link #legacy(LegacyOptions.Builder)} after the test that asked for them (or after the class when
 * asked for outside a test). The server is stopped after the class.
 */
final class TestKeyspace implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    /** {@code rename-command KEYS ""}: any code path that lists with KEYS fails against these servers. */
    static final String NO_KEYS = "rename-command KEYS \"\"";

    private final String prefix = "bstest-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<LegacySessions> perClass = new ArrayList<>();
    private final List<LegacySessions> perTest = new ArrayList<>();
    private boolean inTest;
    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> connection;
    private LegacySessions legacy;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestRedis.server(RedisServerOptions.builder().extraConfig(List.of(NO_KEYS)).build());
        client = RedisClient.create(server.uri().toString());
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    RedisServer server() {
        return server;
    }

    /** The logical key prefix of this class's legacy sessions; no other key on the server starts with it. */
    String prefix() {
        return prefix;
    }

    /** A raw connection: keys as text, values as bytes. */
    RedisCommands<String, byte[]> sync() {
        return connection.sync();
    }

    /** Legacy options with this keyspace's prefix. */
    LegacyOptions.Builder options() {
        return LegacyOptions.builder().keyPrefix(prefix);
    }

    /** Legacy sessions with the default options on this keyspace's prefix, shared by the class. */
    LegacySessions legacy() {
        if (legacy == null) {
            legacy = LegacySessions.create(client, options().build());
            perClass.add(legacy);
        }
        return legacy;
    }

    /** Legacy sessions with these options (start from {@link #options()} to keep the prefix). */
    LegacySessions legacy(LegacyOptions.Builder options) {
        LegacySessions sessions = LegacySessions.create(client, options.build());
        (inTest ? perTest : perClass).add(sessions);
        return sessions;
    }

    /** {@code prefix:userId:sessionId}. */
    String key(SessionId id) {
        return prefix + ":" + id.userId() + ":" + id.sessionId();
    }

    String metadataKey(SessionId id) {
        return key(id) + ":metadata";
    }

    /**
     * Where a key of a fixture's {@code redis-dump.json} is replayed: its prefix becomes this keyspace's
     * (a fixture with a prefix other than the default one gets {@code prefix-itsPrefix}, so it stays apart).
     */
    String key(InteropFixtures.Case fixture, String fixtureKey) {
        String fixturePrefix = fixture.keyPrefix();
        if (!fixtureKey.startsWith(fixturePrefix + ":")) {
            throw new IllegalStateException("Fixture " + fixture.name() + ": key " + fixtureKey + " does not start with its keyPrefix "
                    + fixturePrefix + ":");
        }
        String mine = fixturePrefix.equals(LegacyOptions.DEFAULT_KEY_PREFIX) ? prefix : prefix + "-" + fixturePrefix;
        return mine + fixtureKey.substring(fixturePrefix.length());
    }

    /** Replays the fixture's dump into this keyspace: {@code SET key value}, plus {@code PX ttl} when the dump recorded one. */
    void replay(InteropFixtures.Case fixture) {
        fixture.dump().forEach((fixtureKey, d) -> {
            String key = key(fixture, fixtureKey);
            byte[] value = d.value().getBytes(StandardCharsets.UTF_8);
            if (d.ttlMs() > 0) {
                sync().set(key, value, SetArgs.Builder.px(d.ttlMs()));
            } else {
                sync().set(key, value);
            }
        });
    }

    /** Deletes every key that starts with this keyspace's prefix; returns how many. */
    long deleteKeys() {
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
        long deleted = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync().scan(cursor, match);
            if (!page.getKeys().isEmpty()) {
                deleted += sync().del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return deleted;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        try {
            closeAll(perTest);
        } finally {
            deleteKeys();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            closeAll(perClass);
            if (connection != null) {
                deleteKeys();
            }
        } finally {
            try {
                if (connection != null) {
                    connection.close();
                    client.shutdown();
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    private static void closeAll(List<LegacySessions> sessions) {
        try {
            sessions.forEach(LegacySessions::close);
        } finally {
            sessions.clear();
        }
    }
}
