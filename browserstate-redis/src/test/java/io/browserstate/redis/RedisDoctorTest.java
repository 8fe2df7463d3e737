package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.redis.junit.RedisConfig;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The doctor on real servers configured to lose data, and on one that is not. */
@ExtendWith(RedisExtension.class)
class RedisDoctorTest {

    @Test
    @DisplayName("allkeys-lru is a warning even for a store without ttl")
    void allKeysEvictionWarns(@RedisConfig(appendOnly = true, config = "maxmemory-policy allkeys-lru") RedisServer redis) {
        RedisDoctor.Report r = RedisDoctor.examine(redis.uri(), Map.of());
        assertThat(r.healthy()).isFalse();
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(RedisDoctor.Severity.WARNING);
            assertThat(f.setting()).isEqualTo("maxmemory-policy");
            assertThat(f.message()).contains("allkeys-lru").contains("noeviction");
        });
    }

    @Test
    @DisplayName("volatile-lru warns for a store with a ttl and is only a note without one")
    void volatileEvictionWarnsWithTtl(@RedisConfig(appendOnly = true, config = "maxmemory-policy volatile-lru") RedisServer redis) {
        RedisDoctor.Report withTtl = RedisDoctor.examine(redis.uri(), Map.of("ttl", "7d"));
        assertThat(withTtl.healthy()).isFalse();
        assertThat(withTtl.findings()).anySatisfy(f -> assertThat(f.message()).contains("volatile-lru").contains("ttl"));
        RedisDoctor.Report without = RedisDoctor.examine(redis.uri(), Map.of());
        assertThat(without.healthy()).isTrue();
        assertThat(without.findings()).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(RedisDoctor.Severity.NOTE));
    }

    @Test
    @DisplayName("persistence off (no AOF, no RDB) is a warning")
    void persistenceOffWarns(RedisServer redis) {
        RedisDoctor.Report r = RedisDoctor.examine(redis.uri(), Map.of());
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(RedisDoctor.Severity.WARNING);
            assertThat(f.setting()).isEqualTo("appendonly");
            assertThat(f.message()).contains("persistence is off");
        });
    }

    @Test
    @DisplayName("a well-configured server (AOF, noeviction) is clean, and its latency is measured")
    void wellConfiguredIsClean(@RedisConfig(appendOnly = true, config = "maxmemory-policy noeviction") RedisServer redis) {
        RedisDoctor.Report r = RedisDoctor.examine(redis.uri(), Map.of("ttl", "7d"));
        assertThat(r.findings()).isEmpty();
        assertThat(r.healthy()).isTrue();
        assertThat(r.medianLatency()).isPositive();
        assertThat(r.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(r.settings()).containsEntry("appendonly", "yes").containsEntry("maxmemory-policy", "noeviction");
    }
}
