package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisConfig;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions.AppendFsync;
import io.browserstate.spi.Head;
import io.browserstate.spi.StorageProvider;
import io.browserstate.tck.ProfileTrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Persistence as the original library promises: AOF with appendfsync always survives a restart of the process. */
@ExtendWith(RedisExtension.class)
@RedisConfig(appendOnly = true, appendFsync = AppendFsync.ALWAYS, local = true)
class RedisAofPersistenceTest {

    @TempDir
    Path work;

    @Test
    @DisplayName("with appendonly yes and appendfsync always, a saved session survives a killed and restarted redis-server bit for bit")
    void savedSessionSurvivesRestartOfRedisServerBitForBit(RedisServer redis) {
        assertThat(redis.cli("CONFIG", "GET", "appendonly")).contains("yes");
        assertThat(redis.cli("CONFIG", "GET", "appendfsync")).contains("always");
        SessionId id = SessionId.of("aof-" + UUID.randomUUID(), "profile");
        Path source = ProfileTrees.writeRealisticProfile(work.resolve("source"));
        BrowserStateOptions options = BrowserStateOptions.builder().workDirectory(work.resolve("mounts")).build();
        Map<String, byte[]> blobsBefore;
        Head headBefore;
        SessionInfo infoBefore;
        try (BrowserStateManager manager = BrowserState.create(open(redis), options)) {
            manager.save(id, source, new SaveOptions("Chromium 156", Map.of("team", "qa")));
            infoBefore = manager.info(id).orElseThrow();
        }
        try (StorageProvider provider = open(redis)) {
            headBefore = provider.readHead(id).orElseThrow();
            blobsBefore = allBlobs(provider, id);
        }
        assertThat(blobsBefore).isNotEmpty();

        redis.kill();
        redis.start();

        try (StorageProvider provider = open(redis)) {
            assertThat(provider.readHead(id)).contains(headBefore);
            Map<String, byte[]> blobsAfter = allBlobs(provider, id);
            assertThat(blobsAfter.keySet()).isEqualTo(blobsBefore.keySet());
            blobsBefore.forEach((blobId, bytes) -> assertThat(blobsAfter.get(blobId)).as(blobId).isEqualTo(bytes));
        }
        try (BrowserStateManager manager = BrowserState.create(open(redis), options)) {
            assertThat(manager.info(id)).contains(infoBefore);
            manager.restore(id, work.resolve("restored"));
        }
        SortedMap<String, String> expected = new TreeMap<>(ProfileTrees.describe(source));
        expected.keySet().removeIf(p -> p.startsWith("Default/Cache") || p.startsWith("Default/Code Cache") || p.startsWith("GPUCache")
                || p.startsWith("Singleton"));
        assertThat(ProfileTrees.describe(work.resolve("restored"))).isEqualTo(expected);
    }

    private static StorageProvider open(RedisServer redis) {
        return new RedisStorageProviderFactory().create(redis.uri(), Map.of());
    }

    private static Map<String, byte[]> allBlobs(StorageProvider provider, SessionId id) {
        io.browserstate.spi.BlobSpace space = io.browserstate.spi.BlobSpace.shared(id.userId());
        List<String> ids = new ArrayList<>(provider.listBlobs(space).keySet());
        List<byte[]> values = provider.getBlobs(space, ids);
        Map<String, byte[]> out = new TreeMap<>();
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), values.get(i));
        }
        return out;
    }
}
