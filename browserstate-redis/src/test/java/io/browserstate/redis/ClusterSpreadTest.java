package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisCluster;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.tck.ProfileTrees;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How 1,000 users' sessions spread over the three masters of a Redis Cluster: every user's keys share
 * the user's hash tag (shared space, index) or the session's (head, lease), so users, not keys, are the
 * unit that spreads. Prints keys and bytes per shard.
 */
@ExtendWith(RedisExtension.class)
class ClusterSpreadTest {
    private static final int USERS = 1000;

    @TempDir
    Path temp;

    @Test
    @DisplayName("1,000 users' data spreads evenly over a 3-master Cluster: every shard holds 25-42% of the keys and of the bytes")
    void thousandUsersSpreadEvenly(RedisCluster cluster) {
        String prefix = "spread";
        try (BrowserStateManager m = BrowserState.create(
                new RedisStorageProviderFactory().create(cluster.uri(), Map.of("keyPrefix", prefix)),
                BrowserStateOptions.builder().workDirectory(temp.resolve("m")).build())) {
            Random r = new Random(3);
            for (int u = 0; u < USERS; u++) {
                Path dir = temp.resolve("u" + u);
                ProfileTrees.write(dir.resolve("Default/Cookies"), ProfileTrees.random(r, 2000 + r.nextInt(6000)));
                ProfileTrees.write(dir.resolve("Local State"), ("{\"user\":" + u + "}").getBytes(StandardCharsets.UTF_8));
                m.save(SessionId.of("user-" + u, "profile"), dir);
            }
        }
        List<long[]> perShard = new ArrayList<>();
        for (RedisServer node : cluster.nodes()) {
            RedisClient client = RedisClient.create(node.uri().toString());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                RedisCommands<String, String> sync = c.sync();
                if (!sync.info("replication").contains("role:master")) {
                    continue;
                }
                long keys = 0;
                long bytes = 0;
                KeyScanCursor<String> cursor = null;
                do {
                    cursor = cursor == null ? sync.scan(ScanArgs.Builder.matches(prefix + ":*").limit(500))
                            : sync.scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
                    for (String key : cursor.getKeys()) {
                        keys++;
                        Long used = sync.memoryUsage(key);
                        bytes += used == null ? 0 : used;
                    }
                } while (!cursor.isFinished());
                perShard.add(new long[] {node.port(), keys, bytes});
            } finally {
                client.shutdown();
            }
        }
        long allKeys = perShard.stream().mapToLong(s -> s[1]).sum();
        long allBytes = perShard.stream().mapToLong(s -> s[2]).sum();
        StringBuilder table = new StringBuilder("[spread] " + USERS + " users on " + perShard.size() + " masters:");
        for (long[] s : perShard) {
            table.append(String.format(" port %d: %d keys (%.1f%%), %d bytes (%.1f%%);", s[0], s[1], 100.0 * s[1] / allKeys, s[2],
                    100.0 * s[2] / allBytes));
        }
        System.out.println(table);
        assertThat(perShard).hasSize(3);
        assertThat(allKeys).as("head, fence, user index, shared index, chunks, manifest, record per user").isGreaterThan(USERS * 5L);
        for (long[] s : perShard) {
            assertThat((double) s[1] / allKeys).as("keys on port " + s[0]).isBetween(0.25, 0.42);
            assertThat((double) s[2] / allBytes).as("bytes on port " + s[0]).isBetween(0.25, 0.42);
        }
    }
}
