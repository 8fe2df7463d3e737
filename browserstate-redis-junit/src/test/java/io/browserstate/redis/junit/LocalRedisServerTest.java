package io.browserstate.redis.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.redis.junit.internal.RedisBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The local redis-server process, asked for explicitly: these tests kill it, restart it and look into its directory. */
class LocalRedisServerTest {

    private static final RedisServerOptions LOCAL = RedisServerOptions.builder().localProcess(true).build();

    @Test
    @DisplayName("a killed server with appendfsync always comes back on the same port with its data")
    void killThenStartKeepsPortAndAppendOnlyData() {
        RedisServerOptions options = LOCAL.toBuilder().appendOnly(true).appendFsync(RedisServerOptions.AppendFsync.ALWAYS).build();
        try (RedisServer redis = TestRedis.server(options)) {
            assertThat(redis.kind()).isEqualTo(RedisServer.Kind.LOCAL);
            int port = redis.port();
            assertThat(redis.cli("SET", "k", "v").strip()).isEqualTo("OK");
            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.cli("GET", "k").strip()).isEqualTo("v");
            assertThat(redis.cli("CONFIG", "GET", "appendfsync")).contains("always");
        }
    }

    @Test
    @DisplayName("without append-only persistence a restarted server is empty")
    void stopThenStartWithoutPersistenceIsEmpty() {
        try (RedisServer redis = TestRedis.server(LOCAL)) {
            redis.cli("SET", "k", "v");
            redis.stop();
            redis.start();
            assertThat(redis.cli("DBSIZE").strip()).isEqualTo("0");
        }
    }

    @Test
    @DisplayName("close stops the process and removes its temporary directory")
    void closeStopsProcessAndRemovesDirectory() {
        RedisServer redis = TestRedis.server(LOCAL);
        Path dir = redis.dataDirectory().orElseThrow();
        assertThat(redis.isRunning()).isTrue();
        redis.close();
        assertThat(redis.isRunning()).isFalse();
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    @DisplayName("a password-protected server is reachable through its URI and cli, and refuses anonymous clients")
    void passwordProtectedServer() {
        try (RedisServer redis = TestRedis.server(LOCAL.toBuilder().password("s3cret-pw").build())) {
            assertThat(redis.uri().toString()).isEqualTo("redis://:s3cret-pw@127.0.0.1:" + redis.port());
            assertThat(redis.cli("PING").strip()).isEqualTo("PONG");
            assertThat(redis.cli("CONFIG", "GET", "requirepass")).contains("s3cret-pw");
        }
    }

    @Test
    @DisplayName("deleteKeys removes only the keys its pattern matches; a pattern of wildcards only is refused")
    void deleteKeysIsScopedToItsPattern() {
        try (RedisServer redis = TestRedis.server(LOCAL)) {
            for (int i = 0; i < 1200; i++) {
                redis.cli("SET", "mine:{" + i + "}", "v");
            }
            redis.cli("SET", "theirs:1", "v");
            assertThat(redis.deleteKeys("mine:*")).isEqualTo(1200);
            assertThat(redis.cli("DBSIZE").strip()).isEqualTo("1");
            assertThat(redis.cli("GET", "theirs:1").strip()).isEqualTo("v");
            assertThatThrownBy(() -> redis.deleteKeys("*")).isInstanceOf(IllegalArgumentException.class);
            redis.flushAll();
            assertThat(redis.cli("DBSIZE").strip()).isEqualTo("0");
        }
    }

    @Test
    @DisplayName("a missing redis-server binary fails with one line saying how to install it")
    void missingBinaryMessageNamesTheInstallCommand() {
        assertThatThrownBy(() -> RedisBinaries.server("a test", java.util.List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install redis-server")
                .hasMessageNotContaining("\n");
    }
}
