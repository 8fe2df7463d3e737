package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.RedisServerOptions;
import io.browserstate.redis.junit.TestRedis;
import io.browserstate.tck.ProfileTrees;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rediss:// against a redis-server listening with TLS and a self-signed certificate made with openssl. */
class RedisTlsTest {

    @TempDir
    Path work;

    @Test
    @DisplayName("rediss:// with verifyPeer=NONE saves and restores through a TLS port")
    void savesAndRestoresOverTls() throws Exception {
        Path cert = work.resolve("cert.pem");
        Path key = work.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(work.resolve("openssl.log").toFile()).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).isZero();
        int tlsPort = freePort();
        // the TLS directives name files and a port of this machine: a local process, never a container
        RedisServerOptions options = RedisServerOptions.builder().localProcess(true).extraConfig(List.of("tls-port " + tlsPort,
                "tls-cert-file " + cert, "tls-key-file " + key, "tls-ca-cert-file " + cert, "tls-auth-clients no")).build();
        try (RedisServer redis = TestRedis.server(options)) {
            URI uri = URI.create("rediss://127.0.0.1:" + tlsPort + "/0?verifyPeer=NONE");
            SessionId id = SessionId.of("tls", "s");
            Path source = ProfileTrees.writeRandomTree(work.resolve("src"), 4, 20_000, 9);
            try (BrowserStateManager manager = BrowserState.open(uri, Map.of("workDirectory", work.resolve("m").toString()))) {
                manager.save(id, source);
                manager.restore(id, work.resolve("restored"));
                // redis-cli comes in through the plain port; the provider's connection is the one on the
                // TLS port, which speaks nothing but TLS
                assertThat(redis.cli("CLIENT", "LIST").lines().filter(c -> c.contains(" laddr=127.0.0.1:" + tlsPort + " ")))
                        .as("clients connected through the TLS port").isNotEmpty();
            }
            assertThat(ProfileTrees.describe(work.resolve("restored"))).isEqualTo(ProfileTrees.describe(source));
            assertThat(redis.cli("--scan", "--pattern", "browserstate:{tls:s}:head").strip()).isEqualTo("browserstate:{tls:s}:head");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
