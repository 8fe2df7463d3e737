package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveFailedException;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waitReplicas} fails a save whose head no replica acknowledged, keeping the local profile;
 * {@code waitAof} needs {@code WAITAOF} (Redis 7.2) and is refused at open on an older server. The
 * failover campaign in browserstate-faults measures what the option saves.
 */
@ExtendWith(RedisExtension.class)
class RedisDurabilityOptionsTest {

    @Test
    @DisplayName("waitReplicas=1 without a replica: the save fails naming the replicas, the mount keeps its directory")
    void unacknowledgedSaveFails(RedisServer redis, @TempDir Path temp) throws Exception {
        SessionId id = SessionId.of("durability", "no-replica");
        try (BrowserStateManager m = BrowserState.open(redis.uri(), Map.of("workDirectory", temp.toString(), "waitReplicas", "1",
                "waitTimeout", "200ms"))) {
            MountedSession mount = m.mount(id);
            Files.writeString(mount.directory().resolve("Preferences"), "{\"v\":1}");
            assertThatThrownBy(mount::close)
                    .isInstanceOf(SaveFailedException.class)
                    .hasMessageContaining("only 0 of 1 replicas acknowledged it within PT0.2S")
                    .hasMessageContaining("a failover now could lose it");
            assertThat(mount.directory().resolve("Preferences")).hasContent("{\"v\":1}");
            mount.discard();
        } finally {
            redis.deleteKeys("browserstate:*");
        }
    }

    @Test
    @DisplayName("waitAof needs Redis 7.2 (WAITAOF): refused at open on an older server, with what to do instead")
    void waitAofNeedsRedis72(RedisServer redis, @TempDir Path temp) throws Exception {
        String version = redis.cli("INFO", "server").lines().filter(l -> l.startsWith("redis_version:")).findFirst().orElseThrow()
                .substring("redis_version:".length()).trim();
        String[] parts = version.split("\\.");
        boolean hasWaitAof = Integer.parseInt(parts[0]) > 7 || (Integer.parseInt(parts[0]) == 7 && Integer.parseInt(parts[1]) >= 2);
        Map<String, String> options = Map.of("workDirectory", temp.toString(), "waitAof", "true");
        if (hasWaitAof) {
            // appendonly off: WAITAOF answers 0 local fsyncs, so the save fails and says so
            try (BrowserStateManager m = BrowserState.open(redis.uri(), options)) {
                Path dir = Files.createDirectories(temp.resolve("profile"));
                Files.writeString(dir.resolve("Preferences"), "{}");
                assertThatThrownBy(() -> m.save(SessionId.of("durability", "aof"), dir)).isInstanceOf(BrowserStateException.class)
                        .hasMessageContaining("append-only file");
            } finally {
                redis.deleteKeys("browserstate:*");
            }
        } else {
            assertThatThrownBy(() -> BrowserState.open(redis.uri(), options))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("waitAof needs Redis 7.2")
                    .hasMessageContaining("the server is " + version)
                    .hasMessageContaining("appendfsync always");
        }
    }

    @Test
    @DisplayName("durability options are checked: waitReplicas out of range, waitTimeout not under commandTimeout")
    void badValuesAreRefused(RedisServer redis) {
        assertThatThrownBy(() -> BrowserState.open(redis.uri(), Map.of("waitReplicas", "-1", "waitTimeout", "40s")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("waitReplicas must be between 0 and 16, was -1")
                .hasMessageContaining("waitTimeout must be positive and shorter than commandTimeout");
    }
}
