package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.StorageException;
import io.browserstate.core.BrowserState;
import io.browserstate.core.StorageProviders;
import io.browserstate.redis.internal.RedisStorageProvider;
import io.browserstate.redis.internal.RedisTarget;
import io.browserstate.redis.junit.RedisConfig;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.spi.Blob;
import io.browserstate.spi.ProviderCapabilities;
import io.browserstate.spi.StorageProvider;
import io.browserstate.tck.ProfileTrees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** URIs, options, capabilities and messages of the Redis provider. */
@ExtendWith(RedisExtension.class)
class RedisStorageProviderFactoryTest {

    private static final String PASSWORD = "pw-never-printed-7f3a";

    @TempDir
    Path work;

    private final RedisStorageProviderFactory factory = new RedisStorageProviderFactory();

    @Test
    @DisplayName("every unknown or invalid option is reported in one exception, before connecting")
    void unknownAndInvalidOptionsAreAllReportedAtOnce() {
        Map<String, String> options = Map.of("noSuchOption", "1", "ttl", "soon", "keyPrefix", "a{b}", "refreshTtlOnAccess", "maybe",
                "connectTimeout", "-3s");
        assertThatThrownBy(() -> factory.create(URI.create("redis://127.0.0.1:1/0"), options))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(5);
                    assertThat(e.getMessage()).contains("noSuchOption", "ttl", "keyPrefix", "refreshTtlOnAccess", "connectTimeout");
                });
    }

    @Test
    @DisplayName("malformed URIs are refused with every problem named")
    void malformedUrisAreRefused() {
        assertThatThrownBy(() -> factory.create(URI.create("redis-sentinel://127.0.0.1:26379,127.0.0.1:x/0"), Map.of()))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(2)
                        .anySatisfy(p -> assertThat(p).contains("master")).anySatisfy(p -> assertThat(p).contains("'x' is not a port")));
        assertThatThrownBy(() -> factory.create(URI.create("redis-cluster://127.0.0.1:7000/3"), Map.of()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("database 0 only");
    }

    @Test
    @DisplayName("options written after a Sentinel URI's #master are refused, naming the right order, never dropped")
    void sentinelOptionsAfterTheMasterNameAreRefused() {
        assertThatThrownBy(() -> factory.create(URI.create("redis-sentinel://127.0.0.1:26379/0#mymaster?ttl=7d"), Map.of()))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p).contains("would be lost").contains("?ttl=7d#mymaster")));
    }

    @Test
    @DisplayName("options come from the URI query and the options map, the map winning; our own parameters never reach Lettuce")
    void optionsFromQueryAndMapAreMerged(RedisServer redis) {
        URI uri = URI.create(redis.uri() + "?keyPrefix=fromQuery&ttl=1h&clientName=bs-client");
        try (StorageProvider provider = factory.create(uri, Map.of("keyPrefix", "fromMap", "commandTimeout", "5s"))) {
            RedisStorageOptions options = ((RedisStorageProvider) provider).options();
            assertThat(options.keyPrefix()).isEqualTo("fromMap");
            assertThat(options.ttl()).isEqualTo(Duration.ofHours(1));
            assertThat(options.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(options.connectTimeout()).isEqualTo(RedisStorageOptions.DEFAULT_CONNECT_TIMEOUT);
            provider.readHead(SessionId.of("u", "s"));
            assertThat(redis.cli("CLIENT", "LIST")).as("Lettuce's clientName passed through").contains("name=bs-client");
        }
    }

    @Test
    @DisplayName("Lettuce's timeout parameter sets the command timeout when commandTimeout is not given")
    void lettuceTimeoutSetsCommandTimeout(RedisServer redis) {
        try (StorageProvider provider = factory.create(URI.create(redis.uri() + "?timeout=7s"), Map.of())) {
            assertThat(((RedisStorageProvider) provider).options().commandTimeout()).isEqualTo(Duration.ofSeconds(7));
        }
        try (StorageProvider provider = factory.create(URI.create(redis.uri() + "?timeout=7s&commandTimeout=4s"), Map.of())) {
            assertThat(((RedisStorageProvider) provider).options().commandTimeout()).isEqualTo(Duration.ofSeconds(4));
        }
    }

    @Test
    @DisplayName("typed options are used as given; our own options and Lettuce's timeout in the URI are refused, other Lettuce parameters pass")
    void typedOptionsAreUsedAsGivenAndOwnOptionsInTheUriAreRefused(RedisServer redis) {
        RedisStorageOptions typed = RedisStorageOptions.builder().keyPrefix("typed").ttl(Duration.ofHours(2)).build();
        assertThatThrownBy(() -> factory.create(URI.create(redis.uri() + "?ttl=1h&timeout=5s&nope=1"), typed))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(3)
                        .anySatisfy(p -> assertThat(p).contains("'ttl' is in the URI").contains("RedisStorageOptions"))
                        .anySatisfy(p -> assertThat(p).contains("'timeout' is in the URI").contains("set commandTimeout"))
                        .anySatisfy(p -> assertThat(p).contains("'nope' is not understood")));
        try (StorageProvider provider = factory.create(URI.create(redis.uri() + "?clientName=typed-client"), typed)) {
            assertThat(((RedisStorageProvider) provider).options()).isEqualTo(typed);
            provider.readHead(SessionId.of("u", "s"));
            assertThat(redis.cli("CLIENT", "LIST")).as("Lettuce's clientName passed through").contains("name=typed-client");
        }
    }

    @Test
    @DisplayName("the database in the URI path is used")
    void databaseFromPathIsUsed(RedisServer redis) {
        SessionId id = SessionId.of("db-" + UUID.randomUUID(), "s");
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        try (StorageProvider provider = factory.create(URI.create(redis.uri() + "/3"), Map.of())) {
            assertThat(provider.describe()).isEqualTo("redis://127.0.0.1:" + redis.port() + "/3");
            provider.putBlobs(io.browserstate.spi.BlobSpace.shared(id.userId()), List.of(new Blob(ProfileTrees.sha256(data), data)));
        }
        assertThat(redis.cli("-n", "3", "--scan", "--pattern", "browserstate:user:{" + id.userId() + "}*")).contains(":c:");
        assertThat(redis.cli("-n", "0", "--scan", "--pattern", "browserstate:{" + id.userId() + "*")).isBlank();
    }

    @Test
    @DisplayName("the password never appears in describe(), in messages or in stack traces")
    void passwordNeverAppearsInDescriptionsOrErrors(@RedisConfig(password = PASSWORD) RedisServer redis) {
        URI good = URI.create("redis://default:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/0");
        try (StorageProvider provider = factory.create(good, Map.of())) {
            assertThat(provider.describe()).isEqualTo("redis://default@127.0.0.1:" + redis.port() + "/0");
            assertThat(provider.toString()).doesNotContain(PASSWORD);
            assertThat(provider.readHead(SessionId.of("u", "s"))).isEmpty();
        }
        List<Throwable> failures = new ArrayList<>();
        URI wrong = URI.create("redis://default:" + PASSWORD + "-wrong@127.0.0.1:" + redis.port() + "/0");
        failures.add(catchFailure(() -> factory.create(wrong, Map.of("connectTimeout", "2s"))));
        URI nobody = URI.create("redis://:" + PASSWORD + "@127.0.0.1:1/0");
        failures.add(catchFailure(() -> factory.create(nobody, Map.of("connectTimeout", "1s"))));
        URI badOption = URI.create("redis://:" + PASSWORD + "@127.0.0.1:1/0?database=notanumber");
        failures.add(catchFailure(() -> factory.create(badOption, Map.of())));
        for (Throwable failure : failures) {
            assertThat(failure).isInstanceOfAny(StorageException.class, InvalidConfigurationException.class);
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).contains("127.0.0.1").doesNotContain(PASSWORD);
        }
        assertThat(failures.get(0)).hasMessageStartingWith("Redis redis://default@127.0.0.1:" + redis.port() + "/0: connecting failed");
    }

    @Test
    @DisplayName("Sentinel and Cluster URIs are described without their password")
    void sentinelAndClusterDescriptionsHaveNoPassword() {
        List<String> problems = new ArrayList<>();
        RedisTarget sentinel = RedisTarget.parse(URI.create("redis-sentinel://" + PASSWORD + "@10.0.0.1:26379,10.0.0.2:26380/2#mymaster"),
                problems);
        RedisTarget cluster = RedisTarget.parse(URI.create("rediss-cluster://app:" + PASSWORD + "@n1:7000,n2:7001"), problems);
        assertThat(problems).isEmpty();
        assertThat(sentinel.description()).isEqualTo("redis-sentinel://10.0.0.1:26379,10.0.0.2:26380/2#mymaster");
        assertThat(cluster.description()).isEqualTo("rediss-cluster://app@n1:7000,n2:7001");
        assertThat(sentinel.lettuceUris(Map.of())).singleElement()
                .satisfies(u -> assertThat(u.getSentinels()).hasSize(2))
                .satisfies(u -> assertThat(u.getSentinelMasterId()).isEqualTo("mymaster"))
                .satisfies(u -> assertThat(u.toString()).doesNotContain(PASSWORD));
        assertThat(cluster.lettuceUris(Map.of())).hasSize(2).allSatisfy(u -> assertThat(u.isSsl()).isTrue());
    }

    @Test
    @DisplayName("capabilities: TTL, leases, several processes, blobs up to 8 MiB; a larger blob is refused")
    void capabilitiesAndBlobBound(RedisServer redis) {
        try (StorageProvider provider = factory.create(redis.uri(), Map.of())) {
            assertThat(provider.capabilities()).isEqualTo(new ProviderCapabilities(true, true, true, 8L << 20, 4 << 20));
            byte[] big = new byte[(8 << 20) + 1];
            Blob blob = new Blob(ProfileTrees.sha256(big), big);
            assertThatThrownBy(() -> provider.putBlobs(io.browserstate.spi.BlobSpace.shared("u"), List.of(blob)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + (8L << 20));
        }
    }

    @Test
    @DisplayName("opened by URI, a 6 MiB file is saved whole by default (chunks keep every value small); maxFileSize still limits when set")
    void largeFilesAreSavedByDefault(RedisServer redis) {
        assertThat(factory.engineDefaults()).isEmpty();
        Path source = work.resolve("src");
        ProfileTrees.write(source.resolve("small.bin"), ProfileTrees.random(new Random(1), 1000));
        ProfileTrees.write(source.resolve("huge.bin"), ProfileTrees.random(new Random(2), 6 * 1024 * 1024));
        Map<String, String> options = Map.of("workDirectory", work.resolve("m").toString());
        try (BrowserStateManager manager = BrowserState.open(redis.uri(), options)) {
            SessionId id = SessionId.of("max-" + UUID.randomUUID(), "s");
            SaveResult result = manager.save(id, source);
            assertThat(result.skipped()).isEmpty();
            manager.restore(id, work.resolve("back"));
            assertThat(ProfileTrees.describe(work.resolve("back"))).isEqualTo(ProfileTrees.describe(source));
        }
        try (BrowserStateManager manager = BrowserState.open(URI.create(redis.uri() + "?maxFileSize=5MB"), options)) {
            SaveResult result = manager.save(SessionId.of("max-" + UUID.randomUUID(), "s"), source);
            assertThat(result.skipped()).singleElement().satisfies(s -> assertThat(s.toString()).contains("huge.bin"));
        }
    }

    @Test
    @DisplayName("the compression option in the storage URI reaches the engine: a text profile is stored smaller than it is")
    void compressionFromUriShrinksStoredBytes(RedisServer redis) {
        Path source = work.resolve("text");
        ProfileTrees.write(source.resolve("Default/Preferences"), ProfileTrees.text(new Random(3), 2_000_000));
        for (String codec : List.of("zstd", "gzip")) {
            URI uri = URI.create(redis.uri() + "?compression=" + codec + "&keyPrefix=c-" + codec);
            try (BrowserStateManager manager = BrowserState.open(uri, Map.of("workDirectory", work.resolve("m").toString()))) {
                SaveResult result = manager.save(SessionId.of("zip-" + UUID.randomUUID(), "s"), source);
                assertThat(result.bytesWritten()).as(codec).isLessThan(result.totalBytes() / 2);
            }
        }
    }

    @Test
    @DisplayName("the factory is found through ServiceLoader for every Redis scheme")
    void everySchemeFindsThisFactory() {
        for (String scheme : List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster")) {
            assertThat(StorageProviders.factoryFor(URI.create(scheme + "://h:1"))).isInstanceOf(RedisStorageProviderFactory.class);
        }
    }

    @Test
    @DisplayName("a closed provider refuses calls with a StorageException; closing twice is harmless")
    void callsAfterCloseFailWithStorageException(RedisServer redis) {
        StorageProvider provider = factory.create(redis.uri(), Map.of());
        provider.close();
        provider.close();
        assertThatThrownBy(() -> provider.readHead(SessionId.of("u", "s"))).isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Redis redis://127.0.0.1:" + redis.port() + "/0: reading the head of session u/s failed");
        assertThatThrownBy(() -> provider.tryAcquireLease(SessionId.of("u", "s"), "me", Duration.ofSeconds(1)))
                .isInstanceOf(StorageException.class);
    }

    private static Throwable catchFailure(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
