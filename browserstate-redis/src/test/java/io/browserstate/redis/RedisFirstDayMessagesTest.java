package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.SessionId;
import io.browserstate.api.StorageException;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.redis.junit.RedisConfig;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user reads when the connection is wrong: the reason in the top-level message (not only in
 * the cause chain) and what to do about it, the password never printed.
 */
@ExtendWith(RedisExtension.class)
class RedisFirstDayMessagesTest {

    private static final String PASSWORD = "first-day-pw-5c1e";

    @TempDir
    Path temp;

    @Test
    @DisplayName("a wrong password says WRONGPASS and where the password goes")
    void wrongPasswordNamesTheReason(@RedisConfig(password = PASSWORD) RedisServer redis) {
        String uri = "redis://:not-" + PASSWORD + "@127.0.0.1:" + redis.port() + "/0?connectTimeout=3s";
        assertThatThrownBy(() -> BrowserState.open(uri).close())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("connecting failed: the server refused the user name or password")
                .hasMessageContaining("WRONGPASS")
                .hasMessageContaining("password=env:VARIABLE")
                .message().doesNotContain(PASSWORD);
    }

    @Test
    @DisplayName("no password for a server that needs one says NOAUTH and how to give it")
    void missingPasswordNamesTheReason(@RedisConfig(password = PASSWORD) RedisServer redis) {
        assertThatThrownBy(() -> BrowserState.open("redis://127.0.0.1:" + redis.port() + "/0?connectTimeout=3s").close())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("the server requires a password and none was given")
                .hasMessageContaining("NOAUTH")
                .hasMessageContaining("password=file:/path");
    }

    @Test
    @DisplayName("a database the server does not have says so and names the range")
    void badDatabaseNamesTheReason(RedisServer redis) {
        assertThatThrownBy(() -> BrowserState.open("redis://127.0.0.1:" + redis.port() + "/99?connectTimeout=3s").close())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("the database named in the URI does not exist on this server")
                .hasMessageContaining("DB index is out of range")
                .hasMessageContaining("from 0 to databases-1");
    }

    @Test
    @DisplayName("a port where nothing listens says connection refused and to start redis-server")
    void nothingListeningNamesTheReason() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        int port = closed;
        assertThatThrownBy(() -> BrowserState.open("redis://127.0.0.1:" + port + "/0?connectTimeout=2s").close())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("nothing accepts connections there")
                .hasMessageContaining("Start redis-server");
    }

    @Test
    @DisplayName("the password can come from a file named by the password option; a literal value there is refused unseen")
    void passwordByReference(@RedisConfig(password = PASSWORD) RedisServer redis) throws IOException {
        Path secret = Files.writeString(temp.resolve("redis.pw"), PASSWORD + "\n");
        BrowserStateConfig config = BrowserStateConfig.of("redis://127.0.0.1:" + redis.port() + "/0")
                .withOption("password", "file:" + secret)
                .withOption("workDirectory", temp.resolve("work").toString());
        try (BrowserStateManager manager = BrowserState.open(config)) {
            assertThat(manager.exists(SessionId.of("first", "day"))).isFalse();
            assertThat(manager.toString()).doesNotContain(PASSWORD);
        }
        BrowserStateConfig literal = BrowserStateConfig.of("redis://127.0.0.1:" + redis.port() + "/0").withOption("password", PASSWORD);
        assertThatThrownBy(() -> BrowserState.open(literal).close())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("password must be a reference, env:VARIABLE or file:/path")
                .message().doesNotContain(PASSWORD);
        BrowserStateConfig unset = BrowserStateConfig.of("redis://127.0.0.1:" + redis.port() + "/0")
                .withOption("password", "env:BROWSERSTATE_TEST_SURELY_UNSET_PW");
        assertThatThrownBy(() -> BrowserState.open(unset).close())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("BROWSERSTATE_TEST_SURELY_UNSET_PW")
                .hasMessageContaining("not set");
    }

    @Test
    @DisplayName("a misspelt option gets a did-you-mean, another backend's option its prefix, a prefixed one is kept for its backend")
    void optionsNamedWrongOrForAnotherBackend(RedisServer redis) {
        String base = "redis://127.0.0.1:" + redis.port() + "/0";
        assertThatThrownBy(() -> BrowserState.open(BrowserStateConfig.of(base).withOption("compresion", "zstd")).close())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("option 'compresion' is unknown; did you mean 'compression'?");
        assertThatThrownBy(() -> BrowserState.open(BrowserStateConfig.of(base).withOption("keyPrefx", "app")).close())
                .hasMessageContaining("did you mean 'keyPrefix'?");
        assertThatThrownBy(() -> BrowserState.open(BrowserStateConfig.of("memory:first").withOption("ttl", "7d")).close())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("option 'ttl' belongs to the redis provider, but the storage URI selects the memory provider")
                .hasMessageContaining("write it as 'redis.ttl'");
        BrowserStateConfig both = BrowserStateConfig.of(base).withOption("file.durable", "true").withOption("redis.keyPrefix", "both")
                .withOption("workDirectory", temp.resolve("work").toString());
        try (BrowserStateManager manager = BrowserState.open(both)) {
            Path profile = temp.resolve("profile");
            Files.createDirectories(profile.resolve("Default"));
            Files.writeString(profile.resolve("Default/Preferences"), "{}");
            manager.save(SessionId.of("first", "prefixed"), profile);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(redis.cli("--scan", "--pattern", "both:*")).isNotBlank();
        assertThat(BrowserState.resolve(both).providerOptions()).containsEntry("keyPrefix", "both").doesNotContainKey("durable");
        assertThat(BrowserState.resolve(BrowserStateConfig.of("memory:switched").withOption("redis.keyPrefix", "both")
                .withOption("redis.ttl", "7d")).providerOptions()).isEmpty();
        assertThatThrownBy(() -> BrowserState.resolve(BrowserStateConfig.of(base).withOption("redis.tll", "7d")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("option 'redis.tll' is not an option of the redis provider; did you mean 'ttl'?");
    }

    @Test
    @DisplayName("a scheme whose module is missing names the module to add")
    void missingProviderModuleIsNamed() {
        assertThatThrownBy(() -> BrowserState.open("file:///var/lib/browserstate").close())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("No storage provider for scheme 'file'")
                .hasMessageContaining("io.browserstate:browserstate-fs provides it; add that dependency");
    }

    @Test
    @DisplayName("a URI without scheme, host:port, gets the redis:// it lacked")
    void hostAndPortWithoutSchemeGetsASuggestion() {
        assertThatThrownBy(() -> BrowserState.open("localhost:6379").close())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("did you mean 'redis://localhost:6379'?");
        assertThatThrownBy(() -> BrowserState.open("reddis://localhost:6379").close())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("did you mean 'redis'?");
    }
}
