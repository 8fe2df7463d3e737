package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.MigrationReport;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.StorageProvider;
import io.browserstate.tck.Format1Fixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis keys written by 0.2 (format 1, dumped into a resource by the fixture writer of the kit: see
 * {@link Format1Fixture}) restore every kept version, migrate to format 2, and a second migration
 * changes nothing.
 */
@ExtendWith(RedisExtension.class)
class Format1OnRedisTest {
    private static final SessionId ID = SessionId.of(Format1Fixture.USER, Format1Fixture.SESSION);
    private static final int DB = 7;

    @TempDir
    Path temp;

    /** Loads the dump into database {@value #DB}, emptied first. */
    private static void load(RedisServer redis) throws IOException {
        JsonNode dump = new ObjectMapper().readTree(Format1OnRedisTest.class.getResourceAsStream("/format1/redis.json"));
        Base64.Decoder b64 = Base64.getDecoder();
        RedisClient client = RedisClient.create(redis.uri() + "/" + DB);
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> r = c.sync();
            r.flushdb();
            for (Map.Entry<String, JsonNode> e : dump.properties()) {
                byte[] key = b64.decode(e.getKey());
                JsonNode v = e.getValue();
                switch (v.get("type").asText()) {
                    case "string" -> r.set(key, b64.decode(v.get("value").asText()));
                    case "hash" -> v.get("fields").properties().forEach(f -> r.hset(key, b64.decode(f.getKey()), b64.decode(f.getValue().asText())));
                    case "set" -> v.get("members").forEach(m -> r.sadd(key, b64.decode(m.asText())));
                    case "zset" -> v.get("members").properties().forEach(m -> r.zadd(key, m.getValue().asDouble(), b64.decode(m.getKey())));
                    default -> throw new IllegalStateException("unknown type in the dump: " + v);
                }
            }
        } finally {
            client.shutdown();
        }
    }

    private void assertEveryVersionRestores(BrowserStateManager m, String phase) {
        assertThat(m.history(ID, null, 10).items()).extracting(SnapshotInfo::version).as(phase).containsExactly(3L, 2L, 1L);
        for (int v = 1; v <= Format1Fixture.VERSIONS; v++) {
            Path restored = temp.resolve(phase.replace(' ', '-') + "-v" + v);
            assertThat(m.restore(ID, v, restored).version()).isEqualTo(v);
            assertThat(Format1Fixture.contents(restored)).as(phase + ": version " + v).isEqualTo(Format1Fixture.expected(temp, v));
        }
    }

    @Test
    @DisplayName("format-1 keys restore every kept version, migrate to format 2, and a second migration changes nothing")
    void format1KeysRestoreAndMigrateOnce(RedisServer redis) throws IOException {
        load(redis);
        StorageProvider provider = new RedisStorageProviderFactory().create(URI.create(redis.uri() + "/" + DB), Map.of());
        try (BrowserStateManager m = BrowserState.create(provider, BrowserStateOptions.builder().workDirectory(temp.resolve("m")).build())) {
            Head before = provider.readHead(ID).orElseThrow();
            assertThat(before.format()).isEqualTo(1);
            assertEveryVersionRestores(m, "format 1");

            MigrationReport first = m.migrateFormat(Format1Fixture.USER);

            System.out.println("[format1] first migration on Redis: " + first);
            assertThat(first.migrated()).containsExactly(ID);
            assertThat(first.blobsCopied()).isPositive();
            assertThat(first.blobsDeleted()).isEqualTo(first.blobsCopied());
            Head after = provider.readHead(ID).orElseThrow();
            assertThat(after.format()).isEqualTo(2);
            assertThat(after.version()).isEqualTo(3);
            assertThat(redis.cli("-n", Integer.toString(DB), "--scan", "--pattern", "browserstate:{alice:profile}:blob*")).isBlank();
            assertEveryVersionRestores(m, "format 2");

            Head settled = provider.readHead(ID).orElseThrow(); // the restores above recorded their access
            Set<String> blobs = provider.listBlobs(BlobSpace.shared(Format1Fixture.USER)).keySet();
            MigrationReport second = m.migrateFormat(Format1Fixture.USER);

            System.out.println("[format1] second migration on Redis: " + second);
            assertThat(second.migrated()).isEmpty();
            assertThat(second.alreadyCurrent()).isEqualTo(1);
            assertThat(second.blobsCopied() + second.blobsDeleted()).isZero();
            assertThat(provider.readHead(ID).orElseThrow()).isEqualTo(settled);
            assertThat(provider.listBlobs(BlobSpace.shared(Format1Fixture.USER)).keySet()).isEqualTo(blobs);
        }
    }
}
