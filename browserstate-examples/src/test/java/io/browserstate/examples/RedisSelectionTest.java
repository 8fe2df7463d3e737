package io.browserstate.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RedisExtension.class)
class RedisSelectionTest {

    @TempDir
    Path temp;

    @Test
    @DisplayName("with nothing configured and nothing on the local port, an embedded Redis starts and its data survives a restart")
    void selectWhenNothingAnswersThenEmbeddedRedisKeepsDataBetweenRuns() throws IOException {
        InetSocketAddress nobody = new InetSocketAddress("127.0.0.1", closedPort());
        Path data = temp.resolve("embedded");
        SessionId id = SessionId.of("embedded", "survives");
        Path profile = Files.createDirectories(temp.resolve("profile").resolve("Default"));
        Files.writeString(profile.resolve("Preferences"), "{\"kept\":true}");

        try (RedisSelection first = RedisSelection.select(null, Map.of(), nobody, data);
             BrowserStateManager manager = BrowserState.open(first.config().withOption("workDirectory", temp.resolve("work").toString()))) {
            assertThat(first.isEmbedded()).isTrue();
            assertThat(first.description()).contains("embedded Redis").contains("nothing answers on 127.0.0.1:" + nobody.getPort())
                    .contains(data.toString());
            manager.save(id, profile.getParent());
        }
        assertThat(data).isDirectoryContaining(p -> p.getFileName().toString().startsWith("appendonly"));

        try (RedisSelection second = RedisSelection.select(null, Map.of(), nobody, data);
             BrowserStateManager manager = BrowserState.open(second.config().withOption("workDirectory", temp.resolve("work").toString()))) {
            assertThat(second.isEmbedded()).isTrue();
            manager.restore(id, temp.resolve("restored"));
        }
        assertThat(temp.resolve("restored/Default/Preferences")).hasContent("{\"kept\":true}");
    }

    @Test
    @DisplayName("a Redis answering on the local port is used, and no embedded one is started")
    void selectWhenLocalRedisAnswersThenUsesIt(RedisServer redis) {
        try (RedisSelection selection = RedisSelection.select(null, Map.of(), new InetSocketAddress("127.0.0.1", redis.port()),
                temp.resolve("unused"))) {
            assertThat(selection.isEmbedded()).isFalse();
            assertThat(selection.config().storageUri().getPort()).isEqualTo(redis.port());
            assertThat(selection.description()).contains("already running");
        }
        assertThat(temp.resolve("unused")).doesNotExist();
    }

    @Test
    @DisplayName("an explicit URI wins over BROWSERSTATE_URI, which wins over REDIS_URL")
    void selectPrefersExplicitThenBrowserStateUriThenRedisUrl() {
        Map<String, String> env = Map.of("BROWSERSTATE_URI", "redis://b.example:2", "BROWSERSTATE_OPTIONS", "keyPrefix=app",
                "REDIS_URL", "redis://:secret@c.example:3");
        InetSocketAddress unused = new InetSocketAddress("127.0.0.1", 1);

        try (RedisSelection s = RedisSelection.select("redis://a.example:1", env, unused, temp)) {
            assertThat(s.config().storageUri().getHost()).isEqualTo("a.example");
            assertThat(s.description()).contains("--redis");
        }
        try (RedisSelection s = RedisSelection.select(null, env, unused, temp)) {
            assertThat(s.config().storageUri().getHost()).isEqualTo("b.example");
            assertThat(s.config().options()).containsEntry("keyPrefix", "app");
        }
        try (RedisSelection s = RedisSelection.select(null, Map.of("REDIS_URL", "redis://:secret@c.example:3"), unused, temp)) {
            assertThat(s.config().storageUri().getHost()).isEqualTo("c.example");
            assertThat(s.description()).contains("REDIS_URL").doesNotContain("secret");
        }
    }

    @Test
    @DisplayName("the notes page refuses a taken port with a message naming --port")
    void notesSiteWhenPortTakenThenSaysHowToChangeIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> NotesSite.start(taken.getLocalPort()))
                    .isInstanceOf(BrowserStateException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort())
                    .hasMessageContaining("--port=N");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
