package io.browserstate.legacy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.StorageException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

class LegacySessionsConnectTest {

    @Test
    @DisplayName("an unreachable Redis is a StorageException whose message carries no password")
    void connectWhenRedisUnreachableThenStorageExceptionWithoutPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String uri = "redis://:s3cr3t-pw@127.0.0.1:" + closedPort;

        assertThatThrownBy(() -> LegacySessions.connect(uri))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Cannot connect to Redis")
                .hasMessageNotContaining("s3cr3t-pw");
    }

    @Test
    @DisplayName("an invalid Redis URI is an InvalidConfigurationException whose message carries no password")
    void connectWhenUriInvalidThenConfigurationErrorWithoutPassword() {
        assertThatThrownBy(() -> LegacySessions.connect("nosuchscheme://user:s3cr3t-pw@127.0.0.1:6379"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageNotContaining("s3cr3t-pw");
    }
}
