package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveFailedException;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.StorageException;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisConfig;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions.AppendFsync;
import io.browserstate.spi.Blob;
import io.browserstate.spi.StorageProvider;
import io.browserstate.tck.ProfileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Redis goes away: a real redis-server process is killed while a save is uploading, then started again. */
@ExtendWith(RedisExtension.class)
@RedisConfig(appendOnly = true, appendFsync = AppendFsync.ALWAYS, local = true)
class RedisOutageTest {

    @TempDir
    Path work;

    private StorageProvider open(RedisServer redis) {
        return new RedisStorageProviderFactory().create(redis.uri(), Map.of("commandTimeout", "3s", "connectTimeout", "1s"));
    }

    @Test
    @DisplayName("Redis killed mid-save: StorageException, previous snapshot current, directory kept; after a restart the next save succeeds")
    void saveWhenRedisStopsMidSaveThenPreviousSnapshotStaysCurrent(RedisServer redis) throws Exception {
        TriggeringProvider provider = new TriggeringProvider(open(redis));
        BrowserStateOptions options = BrowserStateOptions.builder().workDirectory(work.resolve("mounts"))
                .leaseTtl(Duration.ofSeconds(30)).compression("none").chunkSize(256 * 1024).build();
        SessionId id = SessionId.of("outage-" + UUID.randomUUID(), "profile");
        try (BrowserStateManager manager = BrowserState.create(provider, options)) {
            MountedSession mount = manager.mount(id);
            Path dir = mount.directory();
            ProfileTrees.writeRandomTree(dir, 8, 100_000, 1);
            SaveResult first = mount.save();
            assertThat(first.version()).isEqualTo(1);
            SortedMap<String, String> firstTree = ProfileTrees.describe(dir);

            // enough new content for several upload batches; Redis dies after the first one
            ProfileTrees.write(dir.resolve("Default/big.bin"), ProfileTrees.random(new Random(2), 24 * 1024 * 1024));
            SortedMap<String, String> secondTree = ProfileTrees.describe(dir);
            provider.afterNextPut(redis::kill);
            assertThatThrownBy(mount::save)
                    .isInstanceOf(SaveFailedException.class)
                    .satisfies(e -> assertThat(storageCause(e).getMessage())
                            .startsWith("Redis redis://127.0.0.1:" + redis.port() + "/0: ").contains(id.userId()));
            assertThat(redis.isRunning()).isFalse();
            assertThat(Files.isDirectory(dir)).as("the local profile is kept").isTrue();
            assertThat(ProfileTrees.describe(dir)).isEqualTo(secondTree);

            redis.start();
            assertThat(manager.info(id).orElseThrow().version()).as("the previous snapshot is still current").isEqualTo(1);
            manager.restore(id, work.resolve("previous"));
            assertThat(ProfileTrees.describe(work.resolve("previous"))).isEqualTo(firstTree);

            SaveResult second = mount.save();
            assertThat(second.version()).isEqualTo(2);
            mount.close();
            assertThat(Files.exists(dir)).isFalse();
            manager.restore(id, work.resolve("latest"));
            assertThat(ProfileTrees.describe(work.resolve("latest"))).isEqualTo(secondTree);
        }
    }

    @Test
    @DisplayName("while Redis is down every provider call fails with a StorageException naming the server; once it is back they work again")
    void callsWhenRedisIsDownFailWithStorageExceptionThenRecover(RedisServer redis) {
        SessionId id = SessionId.of("down-" + UUID.randomUUID(), "s");
        io.browserstate.spi.BlobSpace space = io.browserstate.spi.BlobSpace.shared(id.userId());
        byte[] data = ProfileTrees.random(new Random(3), 1000);
        Blob blob = new Blob(ProfileTrees.sha256(data), data);
        try (StorageProvider provider = open(redis)) {
            provider.putBlobs(space, List.of(blob));
            redis.stop();
            assertThatThrownBy(() -> provider.putBlobs(space, List.of(blob)))
                    .isInstanceOf(StorageException.class)
                    .hasMessageStartingWith("Redis redis://127.0.0.1:" + redis.port() + "/0: writing 1 blobs into " + space + " failed");
            assertThatThrownBy(() -> provider.readHead(id)).isInstanceOf(StorageException.class);
            redis.start();
            assertThat(provider.getBlobs(space, List.of(blob.id())).get(0)).isEqualTo(data);
            assertThat(provider.tryAcquireLease(id, "me", Duration.ofSeconds(5))).isPresent();
        }
    }

    private static Throwable storageCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageException) {
                return t;
            }
        }
        throw new AssertionError("no StorageException in the cause chain of " + e, e);
    }
}
