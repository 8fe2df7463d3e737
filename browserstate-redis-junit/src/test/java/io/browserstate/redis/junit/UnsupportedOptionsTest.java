package io.browserstate.redis.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.redis.junit.internal.DockerRedisServer;
import io.browserstate.redis.junit.internal.ExternalRedisServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a container or an external server cannot do is refused with a message saying what to ask for instead. */
class UnsupportedOptionsTest {

    private static final RedisServerOptions LOCAL = RedisServerOptions.builder().localProcess(true).build();

    @Test
    @DisplayName("a container refuses TLS and other directives naming this machine's ports or files, before Docker is asked")
    void containerRefusesDirectivesNamingThisMachine() {
        RedisServerOptions tls = RedisServerOptions.builder()
                .extraConfig(List.of("tls-port 6390", "tls-cert-file /tmp/cert.pem", "maxmemory 64mb", "port 0")).build();
        assertThatThrownBy(() -> DockerRedisServer.start(tls))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tls-port 6390'").hasMessageContaining("'tls-cert-file /tmp/cert.pem'").hasMessageContaining("'port 0'")
                .hasMessageNotContaining("maxmemory")
                .hasMessageContaining("@RedisConfig(local = true)").hasMessageContaining("localProcess(true)");
        assertThatThrownBy(() -> DockerRedisServer.start(LOCAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a local redis-server process");
    }

    @Test
    @DisplayName("an external server refuses configuration it cannot honour, naming the environment variable")
    void externalServerRefusesConfiguration() {
        RedisServerOptions asked = RedisServerOptions.builder().appendOnly(true).extraConfig(List.of("maxmemory 64mb")).build();
        assertThatThrownBy(() -> new ExternalRedisServer(URI.create("redis://127.0.0.1:1"), asked))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TestRedis.URL_ENVIRONMENT_VARIABLE).hasMessageContaining("appendOnly=true")
                .hasMessageContaining("maxmemory 64mb").hasMessageContaining("apt-get install redis-server");
    }

    @Test
    @DisplayName("an external server refuses FLUSHALL, FLUSHDB and CONFIG SET, and lets a test delete its own keys by pattern")
    void externalServerRefusesDestructiveCommandsButDeletesByPattern() {
        try (RedisServer owned = TestRedis.server(LOCAL)) {
            RedisServer external = new ExternalRedisServer(owned.uri(), RedisServerOptions.defaults());
            external.cli("SET", "test:1", "a");
            external.cli("SET", "someone-else:1", "b");
            assertThatThrownBy(external::flushAll).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("FLUSHALL").hasMessageContaining("deleteKeys");
            assertThatThrownBy(() -> external.cli("-n", "0", "flushdb")).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("FLUSHDB");
            assertThatThrownBy(() -> external.cli("CONFIG", "SET", "maxmemory", "1mb")).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("CONFIG SET");
            assertThat(external.deleteKeys("test:*")).isEqualTo(1);
            assertThat(owned.cli("DBSIZE").strip()).isEqualTo("1");
            assertThat(owned.cli("GET", "someone-else:1").strip()).isEqualTo("b");
        }
    }
}
