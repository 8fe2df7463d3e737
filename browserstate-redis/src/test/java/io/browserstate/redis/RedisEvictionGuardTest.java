package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
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

/** A primary store refuses a server that may evict its keys, unless told to accept the risk. */
@ExtendWith(RedisExtension.class)
class RedisEvictionGuardTest {

    @Test
    @DisplayName("maxmemory-policy allkeys-lru is refused (accepted with allowEviction), volatile-lru only with a ttl, noeviction accepted")
    void evictingPoliciesAreRefused(RedisServer redis, @TempDir Path temp) throws Exception {
        Map<String, String> work = Map.of("workDirectory", temp.toString());
        try (RedisInspector inspector = new RedisInspector(redis)) {
            String before = inspector.sync().configGet("maxmemory-policy").get("maxmemory-policy");
            try {
                inspector.sync().configSet("maxmemory-policy", "allkeys-lru");
                assertThatThrownBy(() -> BrowserState.open(redis.uri(), work))
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessageContaining("maxmemory-policy allkeys-lru")
                        .hasMessageContaining("lost without an error")
                        .hasMessageContaining("noeviction")
                        .hasMessageContaining("allowEviction=true");
                try (BrowserStateManager m = BrowserState.open(redis.uri(), Map.of("workDirectory", temp.toString(), "allowEviction", "true"))) {
                    Path dir = Files.createDirectories(temp.resolve("profile"));
                    Files.writeString(dir.resolve("Preferences"), "{}");
                    assertThat(m.save(SessionId.of("eviction", "accepted"), dir).version()).isEqualTo(1);
                    m.delete(SessionId.of("eviction", "accepted"));
                }

                inspector.sync().configSet("maxmemory-policy", "volatile-lru");
                BrowserState.open(redis.uri(), work).close(); // no ttl: the store's keys never expire, so volatile-* cannot evict them
                assertThatThrownBy(() -> BrowserState.open(redis.uri(), Map.of("workDirectory", temp.toString(), "ttl", "1h")))
                        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("volatile-lru").hasMessageContaining("ttl");

                inspector.sync().configSet("maxmemory-policy", "noeviction");
                BrowserState.open(redis.uri(), Map.of("workDirectory", temp.toString(), "ttl", "1h")).close();
            } finally {
                inspector.sync().configSet("maxmemory-policy", before);
            }
        }
    }
}
