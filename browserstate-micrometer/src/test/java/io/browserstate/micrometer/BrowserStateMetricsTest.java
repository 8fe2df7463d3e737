package io.browserstate.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.MountedSession;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.tck.ProfileTrees;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The meters move by what real saves and restores on a real Redis did. */
@ExtendWith(RedisExtension.class)
class BrowserStateMetricsTest {

    @TempDir
    Path temp;

    private BrowserStateManager open(RedisServer redis, String prefix, String work) {
        return BrowserState.open(BrowserStateConfig.of(redis.uri().toString()).withOption("keyPrefix", prefix)
                .withOption("workDirectory", temp.resolve(work).toString()));
    }

    @Test
    @DisplayName("saves, a delta, a restore, a mount and close, a conflict and corrupt data: each timer and counter moves by what happened")
    void metersFollowRealOperations(RedisServer redis) {
        String prefix = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SessionId id = SessionId.of("metrics-user", "profile");
        Path tree = ProfileTrees.writeRandomTree(temp.resolve("tree"), 20, 100_000, 3);
        try (BrowserStateManager manager = open(redis, prefix, "work"); BrowserStateManager other = open(redis, prefix, "other")) {
            BrowserStateMetrics.bind(manager, registry);
            BrowserStateMetrics.bind(other, registry);

            SaveResult full = manager.save(id, tree);
            ProfileTrees.write(tree.resolve("d0/new.txt"), "a small change".getBytes(StandardCharsets.UTF_8));
            SaveResult delta = manager.save(id, tree);
            RestoreResult restored = manager.restore(id, temp.resolve("restored"));
            try (MountedSession s = manager.mount(id)) {
                assertThatThrownBy(() -> other.mount(id)).isInstanceOf(SessionConflictException.class);
                ProfileTrees.write(s.directory().resolve("d0/mounted.txt"), "x".getBytes(StandardCharsets.UTF_8));
            }

            assertThat(timerCount(registry, "save", "success")).isEqualTo(2);
            assertThat(timerCount(registry, "restore", "success")).isEqualTo(1);
            assertThat(timerCount(registry, "mount", "success")).isEqualTo(1);
            assertThat(timerCount(registry, "close", "success")).isEqualTo(1);
            assertThat(timerCount(registry, "mount", "conflict")).isEqualTo(1);
            assertThat(registry.get(BrowserStateMetrics.OPERATIONS).tag("operation", "save").timer().totalTime(
                    java.util.concurrent.TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(full.duration().toNanos());
            assertThat(registry.get(BrowserStateMetrics.OPERATIONS).tag("operation", "save").timer().getId().getTag("backend"))
                    .isEqualTo("redis");

            assertThat(registry.get(BrowserStateMetrics.BYTES_SENT).tag("operation", "save").summary().totalAmount())
                    .isEqualTo(full.bytesWritten() + delta.bytesWritten());
            assertThat(registry.get(BrowserStateMetrics.BYTES_REUSED).tag("operation", "save").summary().totalAmount())
                    .as("the delta reused every byte of the first save").isGreaterThanOrEqualTo(full.totalBytes());
            assertThat(registry.get(BrowserStateMetrics.BYTES_RECEIVED).tag("operation", "restore").summary().totalAmount())
                    .isEqualTo(restored.bytesRead());
            assertThat(registry.get(BrowserStateMetrics.CHUNKS_WRITTEN).tag("operation", "save").counter().count())
                    .isEqualTo(full.blobsWritten() + delta.blobsWritten());
            assertThat(registry.get(BrowserStateMetrics.CONFLICTS).tag("operation", "mount").counter().count()).isEqualTo(1);

            // every chunk of the user overwritten with garbage: the next restore detects it
            String keys = redis.cli("--scan", "--pattern", prefix + ":*");
            long spoiled = Arrays.stream(keys.split("\\s+")).filter(k -> k.contains(":c:")).peek(k -> redis.cli("SET", k, "garbage"))
                    .count();
            assertThat(spoiled).isPositive();
            assertThatThrownBy(() -> manager.restore(id, temp.resolve("spoiled"))).isInstanceOf(CorruptDataException.class);
            assertThat(timerCount(registry, "restore", "corrupt")).isEqualTo(1);
            assertThat(registry.get(BrowserStateMetrics.CORRUPT).counter().count()).isEqualTo(1);
        }
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .noneMatch(t -> t.getKey().equals("user") || t.getKey().equals("session")));
    }

    @Test
    @DisplayName("a user tag appears only when asked for")
    void userTagOnlyWhenAsked(RedisServer redis) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BrowserStateManager manager = open(redis, "metrics-u-" + UUID.randomUUID().toString().substring(0, 8), "work")) {
            manager.addListener(BrowserStateMetrics.of(registry).withUserTag());
            manager.save(SessionId.of("tagged", "s"), ProfileTrees.writeRandomTree(temp.resolve("t"), 2, 1000, 1));
        }
        Meter timer = registry.get(BrowserStateMetrics.OPERATIONS).meter();
        assertThat(timer.getId().getTag("user")).isEqualTo("tagged");
    }

    private static long timerCount(SimpleMeterRegistry registry, String operation, String outcome) {
        var timers = registry.find(BrowserStateMetrics.OPERATIONS).tag("operation", operation).tag("outcome", outcome).timers();
        return timers.stream().mapToLong(t -> t.count()).sum();
    }
}
