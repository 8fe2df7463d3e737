package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.CountingStorageProvider;
import io.browserstate.core.StorageStats;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.StorageProvider;
import io.browserstate.tck.GcRace;
import io.browserstate.tck.ProfileTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet store's figures on a real Redis: what a fork of a 100 MB profile writes, what 100 forks of
 * it store, and a garbage-collection race of at least 1,000 operations. Each prints its counts.
 */
@ExtendWith(RedisExtension.class)
class FleetOnRedisTest {
    /** Operations of the race; {@code -Dbrowserstate.gcRaceOperations=N} runs a longer one. */
    private static final int RACE_OPERATIONS = Integer.getInteger("browserstate.gcRaceOperations", 1000);

    @TempDir
    Path temp;

    private static StorageProvider open(RedisServer redis) {
        return new RedisStorageProviderFactory().create(redis.uri(), Map.of("keyPrefix", "fleet-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    private static long storedBytes(StorageProvider provider, BlobSpace space) {
        List<String> ids = new ArrayList<>(provider.listBlobs(space).keySet());
        long bytes = 0;
        for (int i = 0; i < ids.size(); i += 32) {
            for (byte[] b : provider.getBlobs(space, ids.subList(i, Math.min(ids.size(), i + 32)))) {
                bytes += b == null ? 0 : b.length;
            }
        }
        return bytes;
    }

    @Test
    @DisplayName("a fork of a 100 MB session writes under 1% of its bytes; 100 forks each saved with a small change store under 2x")
    void forksOfA100MbTemplateStoreItOnce(RedisServer redis) {
        CountingStorageProvider counted = new CountingStorageProvider(open(redis));
        String user = "fleet";
        BlobSpace space = BlobSpace.shared(user);
        try (BrowserStateManager m = BrowserState.create(counted, BrowserStateOptions.builder().workDirectory(temp.resolve("m")).build())) {
            Path template = ProfileTrees.writeRandomTree(temp.resolve("template"), 200, 512 * 1024, 5);
            SessionId login = SessionId.of(user, "login");
            long full = m.save(login, template).bytesWritten();
            long templateStored = storedBytes(counted, space);

            StorageStats before = counted.stats();
            m.fork(login, SessionId.of(user, "worker-0"));
            long forkBytes = counted.stats().minus(before).bytesWritten();

            for (int i = 1; i < 100; i++) {
                m.fork(login, SessionId.of(user, "worker-" + i));
            }
            for (int i = 0; i < 100; i++) {
                ProfileTrees.write(template.resolve("d3/worker.txt"), ("worker " + i).getBytes(StandardCharsets.UTF_8));
                m.save(SessionId.of(user, "worker-" + i), template);
            }
            long fleetStored = storedBytes(counted, space);
            System.out.printf("[fleet] template: %d MiB saved, %d bytes stored; one fork wrote %d bytes (%.4f%% of the save);"
                    + " after 100 forks each saved with one small change the space stores %d bytes (%.3fx the template; one copy per"
                    + " session would be about 100x)%n", full >> 20, templateStored, forkBytes, 100.0 * forkBytes / full, fleetStored,
                    (double) fleetStored / templateStored);
            assertThat(forkBytes * 100).isLessThan(full);
            assertThat(fleetStored).isLessThan(2 * templateStored);
            m.restore(SessionId.of(user, "worker-57"), temp.resolve("w57"));
            assertThat(ProfileTrees.describe(temp.resolve("w57")).get("d3/worker.txt")).contains(
                    ProfileTrees.sha256("worker 57".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    @DisplayName("savers, forkers, rollbacks, deleters and collectors racing for 1,000 operations: every kept snapshot restores, nothing unreferenced is left")
    void garbageCollectionRaceOnRedis(RedisServer redis) throws Exception {
        Duration grace = Duration.ofSeconds(1);
        try (BrowserStateManager m = BrowserState.create(open(redis), BrowserStateOptions.builder().workDirectory(temp.resolve("m"))
                .gcGrace(grace).keepSnapshots(3).leaseTtl(Duration.ofSeconds(10)).build())) {
            GcRace.Outcome outcome = new GcRace(m, "racer", temp.resolve("race"), 11).run(RACE_OPERATIONS, 6, grace);
            System.out.println("[fleet] gc race on Redis: " + outcome.operations() + " operations " + outcome.byKind() + "; verified "
                    + outcome.snapshotsVerified() + " kept snapshots of " + outcome.sessionsVerified() + " live sessions; after the grace"
                    + " period: " + outcome.finalCollection() + "; problems: " + outcome.problems());
            assertThat(outcome.problems()).isEmpty();
            assertThat(outcome.byKind().getOrDefault("collect", 0)).isGreaterThan(50);
            assertThat(outcome.snapshotsVerified()).isGreaterThan(outcome.sessionsVerified());
        }
    }
}
