package io.browserstate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.internal.RedisStorageProvider;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.StorageProvider;
import io.browserstate.tck.ProfileTrees;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a save leaves in Redis: keys, types, value sizes and TTLs. Every test works under its own random
 * user id, which every key it writes carries, and deletes only those keys afterwards: no FLUSHALL, so
 * the class is safe against a server that holds other data.
 */
@ExtendWith(RedisExtension.class)
class RedisLayoutTest {

    private static final Pattern SESSION_KEY_SUFFIX = Pattern.compile("head|fence|lease");
    private static final Pattern USER_KEY_SUFFIX = Pattern.compile("sessions|chunks|c:[0-9a-f]{64}");

    @TempDir
    Path work;
    private RedisServer redis;
    private String user;
    private RedisInspector inspector;

    @BeforeEach
    void connect(RedisServer redis) {
        this.redis = redis;
        user = "u-" + UUID.randomUUID().toString().substring(0, 8);
        inspector = new RedisInspector(redis);
    }

    @AfterEach
    void deleteThisTestsKeys() {
        try {
            redis.deleteKeys("*" + user + "*");
        } finally {
            inspector.close();
        }
    }

    private BrowserStateManager open(Map<String, String> options) {
        Map<String, String> all = new HashMap<>(options);
        all.put("workDirectory", work.resolve("mounts").toString());
        return BrowserState.open(redis.uri(), all);
    }

    /** A key prefix of this test's own. */
    private String prefix(String name) {
        return name + "-" + user;
    }

    private List<String> keys(String pattern) {
        return inspector.keys(pattern);
    }

    private long pttl(String key) {
        return inspector.sync().pttl(key);
    }

    @Test
    @DisplayName("after a save, only the session's keys under its hash tag and the user's under the user's tag carry the user, no value above 8 MiB")
    void saveLeavesOnlyPrefixedKeysUnderTheSessionHashTagAndBoundedValues() {
        SessionId id = SessionId.of(user, "work-profile");
        Path source = ProfileTrees.writeRealisticProfile(work.resolve("source"));
        ProfileTrees.write(source.resolve("Default/IndexedDB/big.ldb"), ProfileTrees.random(new Random(1), 12 * 1024 * 1024));
        String prefix = prefix("bs");
        try (BrowserStateManager manager = open(Map.of("keyPrefix", prefix + ":", "maxFileSize", "0"))) {
            manager.save(id, source);
        }
        List<String> keys = keys("*" + user + "*");
        String tag = prefix + ":{" + user + ":work-profile}:";
        String userTag = prefix + ":user:{" + user + "}:";
        assertThat(keys).contains(tag + "head", tag + "fence", userTag + "sessions", userTag + "chunks");
        assertThat(keys("*" + prefix + "*")).isEqualTo(keys);
        RedisCommands<String, String> sync = inspector.sync();
        long largest = 0;
        int blobKeys = 0;
        for (String key : keys) {
            if (key.startsWith(userTag)) {
                String suffix = key.substring(userTag.length());
                assertThat(USER_KEY_SUFFIX.matcher(suffix).matches()).as(key).isTrue();
                if (suffix.startsWith("c:")) {
                    assertThat(sync.type(key)).isEqualTo("string");
                    largest = Math.max(largest, sync.strlen(key));
                    blobKeys++;
                } else {
                    assertThat(sync.type(key)).as(key).isEqualTo("zset");
                }
                continue;
            }
            assertThat(key).as("every other key is under the prefix and the session's hash tag").startsWith(tag);
            assertThat(SESSION_KEY_SUFFIX.matcher(key.substring(tag.length())).matches()).as(key).isTrue();
        }
        assertThat(sync.type(tag + "head")).isEqualTo("hash");
        assertThat(sync.zcard(userTag + "chunks")).as("the shared space's index lists every blob").isEqualTo(blobKeys);
        assertThat(blobKeys).as("the 12 MiB file was chunked").isGreaterThan(12 * 2);
        assertThat(largest).as("largest value").isPositive().isLessThanOrEqualTo(RedisStorageProvider.MAX_BLOB_BYTES);
        assertThat(keys).as("the lease is released after the save").doesNotContain(tag + "lease");
    }

    @Test
    @DisplayName("the metadata of a session is a hash readable with HGETALL, without downloading the profile")
    void headIsAHashOfMetadataReadableWithHgetall() {
        SessionId id = SessionId.of(user, "meta");
        try (BrowserStateManager manager = open(Map.of())) {
            SaveResult saved = manager.save(id, ProfileTrees.writeRandomTree(work.resolve("src"), 5, 10_000, 2),
                    new SaveOptions("Chromium 156.0.1", Map.of("team", "qa")));
            List<String> lines = redis.cli("HGETALL", "browserstate:{" + user + ":meta}:head").lines().map(String::strip).toList();
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                fields.put(lines.get(i), lines.get(i + 1));
            }
            assertThat(fields).containsEntry("version", "1").containsEntry("fileCount", Long.toString(saved.fileCount()))
                    .containsEntry("sizeBytes", Long.toString(saved.totalBytes())).containsEntry("browserVersion", "Chromium 156.0.1")
                    .containsEntry("attr.team", "qa").containsEntry("manifestId", saved.snapshotId())
                    .containsKeys("createdAt", "updatedAt", "accessedAt");
        }
    }

    @Test
    @DisplayName("ttl=10s: right after the save every key of the session and the user index carries the TTL; without a TTL none expires")
    void everyKeyOfTheSessionCarriesTheTtlAndWithoutTtlNone() {
        Path source = ProfileTrees.writeRandomTree(work.resolve("src"), 6, 20_000, 3);
        String expiring = prefix("expiring");
        String keeping = prefix("keeping");
        try (BrowserStateManager manager = open(Map.of("keyPrefix", expiring, "ttl", "10s"))) {
            manager.save(SessionId.of(user, "short"), source);
            Map<String, Long> ttls = inspector.pttls(keys(expiring + ":*"));
            assertThat(ttls).hasSizeGreaterThan(4)
                    .containsKeys(expiring + ":{" + user + ":short}:head", expiring + ":{" + user + ":short}:fence",
                            expiring + ":user:{" + user + "}:sessions", expiring + ":user:{" + user + "}:chunks");
            ttls.forEach((key, ttl) -> assertThat(ttl).as(key).isBetween(1L, 10_000L));
        }
        try (BrowserStateManager manager = open(Map.of("keyPrefix", keeping))) {
            manager.save(SessionId.of(user, "long"), source);
            Map<String, Long> ttls = inspector.pttls(keys(keeping + ":*"));
            assertThat(ttls).hasSizeGreaterThan(4);
            ttls.forEach((key, ttl) -> assertThat(ttl).as(key).isEqualTo(-1L));
        }
    }

    @Test
    @DisplayName("ttl=2s: the session is gone entirely after expiry, while a session saved without TTL stays whole")
    void ttlSessionIsGoneEntirelyAfterExpiry() throws InterruptedException {
        Path source = ProfileTrees.writeRandomTree(work.resolve("src"), 6, 20_000, 3);
        String expiring = prefix("expiring");
        String keeping = prefix("keeping");
        try (BrowserStateManager manager = open(Map.of("keyPrefix", keeping))) {
            manager.save(SessionId.of(user, "long"), source);
        }
        List<String> keepingKeys = keys(keeping + ":*");
        try (BrowserStateManager manager = open(Map.of("keyPrefix", expiring, "ttl", "2s"))) {
            assertThat(manager.save(SessionId.of(user, "short"), source).blobsWritten()).isPositive();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!keys(expiring + ":*").isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("keys with ttl=2s still present after 60 s: " + keys(expiring + ":*"));
            }
            Thread.sleep(200);
        }
        assertThat(keys(keeping + ":*")).hasSizeGreaterThan(4).isEqualTo(keepingKeys);
        assertThat(inspector.pttls(keepingKeys)).allSatisfy((key, ttl) -> assertThat(ttl).as(key).isEqualTo(-1L));
    }

    @Test
    @DisplayName("turning the TTL off: a save without TTL after one with ttl=10s makes every key of the session and the user index persistent")
    void saveWithoutTtlAfterSaveWithTtlMakesEveryKeyPersistent() {
        SessionId id = SessionId.of(user, "ttl-off");
        Path source = ProfileTrees.writeRandomTree(work.resolve("src"), 6, 20_000, 7);
        String prefix = prefix("ttl-off");
        try (BrowserStateManager manager = open(Map.of("keyPrefix", prefix, "ttl", "10s"))) {
            manager.save(id, source);
        }
        List<String> before = keys(prefix + ":*");
        assertThat(inspector.pttls(before).values()).as("saved with ttl=10s").allMatch(ttl -> ttl > 0);
        try (BrowserStateManager manager = open(Map.of("keyPrefix", prefix))) {
            SaveResult again = manager.save(id, source);
            assertThat(again.blobsWritten()).as("the chunks are reused: only a manifest and a snapshot record").isEqualTo(2);
            List<String> after = keys(prefix + ":*");
            String tag = prefix + ":{" + user + ":ttl-off}:";
            String userTag = prefix + ":user:{" + user + "}:";
            assertThat(after).contains(tag + "head", tag + "fence", userTag + "sessions", userTag + "chunks")
                    .containsAll(before.stream().filter(k -> k.startsWith(userTag + "c:")).toList());
            assertThat(inspector.pttls(after)).as("no key keeps the old expiry").allSatisfy((key, ttl) -> assertThat(ttl).as(key).isEqualTo(-1));
            manager.restore(id, work.resolve("restored"));
        }
        assertThat(ProfileTrees.describe(work.resolve("restored"))).isEqualTo(ProfileTrees.describe(source));
    }

    @Test
    @DisplayName("a shared space's index entry whose SET never completed is listed, and a collection's delete removes it")
    void listBlobsShowsEntriesOfWritesThatNeverCompletedSoTheyAreCollected() {
        BlobSpace space = BlobSpace.shared(user);
        String prefix = prefix("gc");
        byte[] data = ProfileTrees.random(new Random(8), 1000);
        Blob blob = new Blob(ProfileTrees.sha256(data), data);
        String neverWritten = ProfileTrees.sha256("a blob whose SET failed".getBytes(StandardCharsets.UTF_8));
        String index = prefix + ":user:{" + user + "}:chunks";
        try (StorageProvider provider = new RedisStorageProviderFactory().create(redis.uri(), Map.of("keyPrefix", prefix))) {
            provider.putBlobs(space, List.of(blob));
            inspector.sync().zadd(index, 1.0, neverWritten); // what a putBlobs leaves when its SET fails after the claim
            assertThat(provider.listBlobs(space)).containsOnlyKeys(blob.id(), neverWritten);
            assertThat(provider.deleteBlobs(space, List.of(neverWritten), provider.time())).as("nothing to unlink").isZero();
            assertThat(inspector.sync().zrange(index, 0, -1)).as("the index").containsExactly(blob.id());
        }
    }

    @Test
    @DisplayName("a save refreshes the TTL of every key of the session and of its user's space, also of blobs it did not upload again")
    void saveRefreshesTtlOfReusedBlobs() {
        SessionId id = SessionId.of(user, "refresh");
        Path source = ProfileTrees.writeRandomTree(work.resolve("src"), 6, 20_000, 4);
        try (BrowserStateManager manager = open(Map.of("ttl", "1h"))) {
            manager.save(id, source);
            List<String> keys = keys("browserstate:*" + user + "*");
            assertThat(keys).anyMatch(k -> k.contains(":c:"));
            keys.forEach(k -> inspector.sync().pexpire(k, 60_000));
            SaveResult again = manager.save(id, source);
            assertThat(again.blobsWritten()).as("only a new manifest and its snapshot record").isEqualTo(2);
            assertThat(inspector.pttls(keys)).allSatisfy((key, ttl) -> assertThat(ttl).as(key).isGreaterThan(3_000_000L));
        }
    }

    @Test
    @DisplayName("with a TTL, a restore of an older version and a prune refresh the expiry of every kept snapshot's blobs")
    void restoreOfAnOlderVersionAndPruneRefreshTheBlobsOfEveryKeptSnapshot() {
        SessionId id = SessionId.of(user, "kept");
        Path source = ProfileTrees.writeRandomTree(work.resolve("src"), 4, 20_000, 9);
        try (BrowserStateManager manager = open(Map.of("ttl", "1h"))) {
            manager.save(id, source);
            ProfileTrees.write(source.resolve("d0/f0.bin"), ProfileTrees.random(new Random(10), 20_000));
            manager.save(id, source);
            List<String> blobs = keys("browserstate:user:{" + user + "}:c:*");
            for (Runnable use : List.<Runnable>of(() -> manager.restore(id, 1, work.resolve("v1-" + System.nanoTime())),
                    () -> manager.prune(id))) {
                blobs.forEach(k -> inspector.sync().pexpire(k, 60_000));
                use.run();
                assertThat(inspector.pttls(blobs)).allSatisfy((key, ttl) -> assertThat(ttl).as(key).isGreaterThan(3_000_000L));
            }
        }
    }

    @Test
    @DisplayName("refreshTtlOnAccess=true makes a restore refresh the TTL; by default a restore leaves it alone")
    void restoreRefreshesTtlOnlyWhenConfigured() {
        Path source = ProfileTrees.writeRandomTree(work.resolve("src"), 3, 10_000, 5);
        for (boolean refresh : new boolean[] {true, false}) {
            SessionId id = SessionId.of(user, "access-" + refresh);
            try (BrowserStateManager manager = open(Map.of("ttl", "1h", "refreshTtlOnAccess", Boolean.toString(refresh)))) {
                manager.save(id, source);
                String head = "browserstate:{" + id.userId() + ":" + id.sessionId() + "}:head";
                inspector.sync().pexpire(head, 60_000);
                manager.restore(id, work.resolve("restored-" + refresh));
                if (refresh) {
                    assertThat(pttl(head)).isGreaterThan(3_000_000L);
                } else {
                    assertThat(pttl(head)).isBetween(1L, 60_000L);
                }
            }
        }
    }

    @Test
    @DisplayName("keyPrefix=browserstate: (the original example's form) names the same keys as browserstate")
    void keyPrefixWithTrailingColonMeansTheSame() {
        SessionId id = SessionId.of(user, "colon");
        URI withColon = URI.create(redis.uri() + "?keyPrefix=browserstate:");
        try (BrowserStateManager manager = BrowserState.open(withColon, Map.of("workDirectory", work.resolve("m").toString()))) {
            manager.save(id, ProfileTrees.writeRandomTree(work.resolve("src"), 2, 1000, 6));
        }
        try (BrowserStateManager manager = open(Map.of("keyPrefix", "browserstate"))) {
            assertThat(manager.exists(id)).isTrue();
        }
        assertThat(keys("*" + user + "*")).isNotEmpty()
                .allMatch(k -> k.startsWith("browserstate:{" + user + ":") || k.startsWith("browserstate:user:{" + user + "}:"));
    }
}
