package io.browserstate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions;
import io.browserstate.redis.junit.TestRedis;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis killed (SIGKILL) and restarted at random moments while a worker mounts, changes and closes a
 * session in a loop, with {@code appendfsync always}. Every close that returned is restorable afterwards
 * with its content; every close that threw kept its directory with the profile in it; after every restart
 * a save succeeds again, in the same manager, without waiting out a lease.
 */
class RedisRestartCampaignTest {

    @Test
    @DisplayName("Redis killed and restarted mid-save: acknowledged saves restorable, failed ones keep their directory, saving resumes")
    void redisRestarts(@TempDir Path temp) throws Exception {
        int restarts = Campaign.size(20);
        Campaign c = new Campaign("Redis kill -9 and restart mid-save (appendfsync always)");
        SessionId id = SessionId.of("faults", "restarts");
        RedisServerOptions aof = RedisServerOptions.builder().appendOnly(true).appendFsync(RedisServerOptions.AppendFsync.ALWAYS).build();
        Map<Long, Long> acknowledged = new HashMap<>();
        try (RedisServer redis = TestRedis.server(aof);
                BrowserStateManager states = BrowserState.open(URI.create(redis.uri() + "?commandTimeout=5s"),
                        Map.of("keepSnapshots", "1000", "leaseTtl", "30s"))) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger restarted = new AtomicInteger();
            Thread killer = new Thread(() -> {
                Random random = new Random(7);
                try {
                    for (int i = 0; i < restarts; i++) {
                        Thread.sleep(150 + random.nextInt(500));
                        redis.kill();
                        restarted.incrementAndGet();
                        redis.start();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.set(true);
                }
            }, "redis-killer");
            killer.start();
            int savedSinceRestart = 0;
            int restartsSeen = 0;
            for (long k = 1; !done.get() || savedSinceRestart == 0; k++) {
                if (restarted.get() != restartsSeen) {
                    restartsSeen = restarted.get();
                    savedSinceRestart = 0;
                }
                MountedSession m;
                try {
                    m = states.mount(id);
                } catch (SessionConflictException e) {
                    c.count("mounts refused by a lease");
                    continue;
                } catch (BrowserStateException e) {
                    c.count("mounts that failed while Redis was down");
                    continue;
                }
                FaultTrees.write(m.directory(), k, FaultTrees.Size.SMALL);
                try {
                    m.close();
                    acknowledged.put(m.lastSave().orElseThrow().version(), k);
                    c.count("acknowledged saves");
                    savedSinceRestart++;
                } catch (BrowserStateException e) {
                    c.count("saves that threw (" + e.getClass().getSimpleName() + ")");
                    if (Files.isDirectory(m.directory()) && FaultTrees.whichOf(m.directory(), FaultTrees.Size.SMALL, k) == k) {
                        c.count("failed saves that kept their directory");
                    } else {
                        c.count("failed saves that lost their directory");
                    }
                    m.discard();
                }
            }
            killer.join();
            c.add("restarts", restarted.get());
            Set<Long> found = new HashSet<>();
            Path dir = temp.resolve("check");
            for (SnapshotInfo s : states.history(id, null, 1000).items()) {
                FaultTrees.clear(dir);
                states.restore(id, s.version(), dir);
                Long k = acknowledged.get(s.version());
                if (k != null && FaultTrees.whichOf(dir, FaultTrees.Size.SMALL, k) == k) {
                    found.add(s.version());
                }
            }
            c.add("acknowledged saves restored with their content", found.size());
            c.add("acknowledged saves lost", acknowledged.size() - found.size());
        }
        c.report();
        assertThat(c.get("restarts")).isEqualTo(restarts);
        assertThat(c.get("acknowledged saves lost")).isZero();
        assertThat(c.get("failed saves that lost their directory")).isZero();
        assertThat(c.get("mounts refused by a lease")).as("the manager takes its own leftover lease again at once").isZero();
        assertThat(c.get("acknowledged saves")).isGreaterThan(restarts);
    }
}
