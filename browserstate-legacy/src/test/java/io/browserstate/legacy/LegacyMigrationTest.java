package io.browserstate.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.core.BrowserState;
import io.browserstate.legacy.MigrationResult.Action;
import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Migration of the replayed fixtures into a native store (core engine over the filesystem provider). */
class LegacyMigrationTest {

    @RegisterExtension
    static final TestKeyspace redis = new TestKeyspace();

    @TempDir
    Path temp;

    private LegacySessions legacy;
    private BrowserStateManager nativeStore;
    private List<InteropFixtures.Case> cases;

    @BeforeEach
    void replayAllCases() {
        cases = InteropFixtures.cases();
        cases.forEach(redis::replay);
        legacy = redis.legacy(redis.options().workDirectory(temp.resolve("work")));
        nativeStore = NativeStores.files(temp);
    }

    @AfterEach
    void close() {
        nativeStore.close();
    }

    private InteropFixtures.Case synthetic(String writer) {
        return cases.stream().filter(c -> !c.mustFail() && !c.browser() && c.writer().equals(writer)).findFirst().orElseThrow();
    }

    private long validCount() {
        return cases.stream().filter(c -> !c.mustFail()).count();
    }

    private long hostileCount() {
        return cases.stream().filter(InteropFixtures.Case::mustFail).count();
    }

    @Test
    @DisplayName("a dry run verifies every value, reports what it would do and writes nothing")
    void migrateAllWhenDryRunThenReportsAndWritesNothing() {
        MigrationReport report = legacy.migrateAll(nativeStore, MigrationOptions.dryRunOnly());

        assertThat(report.dryRun()).isTrue();
        assertThat(report.count(Action.WOULD_MIGRATE)).isEqualTo(validCount());
        assertThat(report.count(Action.FAILED)).isEqualTo(hostileCount());
        assertThat(report.failures()).allSatisfy(r -> assertThat(r.detail()).startsWith("Session " + r.id()));
        assertThat(report.results()).filteredOn(r -> r.action() == Action.WOULD_MIGRATE)
                .allSatisfy(r -> assertThat(r.detail()).startsWith("would save").contains("as native version 1"));
        assertThat(report.summary()).startsWith("dry run: ");
        for (InteropFixtures.Case c : cases) {
            assertThat(nativeStore.exists(c.id())).as(c.name()).isFalse();
        }
        assertThat(temp.resolve("work")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    @DisplayName("migrating everything saves each valid session once; a second run migrates nothing new")
    void migrateAllWhenRunTwiceThenSecondRunIsUpToDate() {
        MigrationReport first = legacy.migrateAll(nativeStore, MigrationOptions.defaults());

        assertThat(first.count(Action.MIGRATED)).as(first.summary()).isEqualTo(validCount());
        assertThat(first.count(Action.FAILED)).as(first.summary()).isEqualTo(hostileCount());
        for (MigrationResult r : first.results()) {
            if (r.action() == Action.MIGRATED) {
                SessionInfo info = nativeStore.info(r.id()).orElseThrow();
                assertThat(info.version()).isEqualTo(1);
                assertThat(info.attributes()).containsEntry(LegacySessions.ATTR_SHA256, r.legacySha256())
                        .containsKey(LegacySessions.ATTR_FORMAT).containsKey(LegacySessions.ATTR_TIMESTAMP);
                assertThat(legacy.exists(r.id())).as("legacy keys stay unless asked").isTrue();
            }
        }

        MigrationReport second = legacy.migrateAll(nativeStore, MigrationOptions.defaults());

        assertThat(second.count(Action.UP_TO_DATE)).as(second.summary()).isEqualTo(validCount());
        assertThat(second.count(Action.MIGRATED)).isZero();
        for (MigrationResult r : second.results()) {
            if (r.action() == Action.UP_TO_DATE) {
                assertThat(nativeStore.info(r.id()).orElseThrow().version()).isEqualTo(1);
            }
        }
        assertThat(temp.resolve("work")).isEmptyDirectory();
    }

    @Test
    @DisplayName("a migrated synthetic session restores natively to the fixture's expected tree")
    void migrateWhenSyntheticThenNativeRestoreMatchesExpectedFiles() {
        for (String writer : List.of("ts-zip-v2", "py-zip-v2", "seed-json-v1")) {
            InteropFixtures.Case c = synthetic(writer);
            legacy.migrate(c.id(), nativeStore, MigrationOptions.defaults());
            Path restored = temp.resolve("restored-" + writer);

            nativeStore.restore(c.id(), restored);

            Map<String, FileTree.Node> expected = new TreeMap<>(c.expected());
            Map<String, FileTree.Node> actual = FileTree.of(restored);
            Set<String> optional = new HashSet<>(c.strings("optional_paths"));
            expected.keySet().removeIf(p -> optional.contains(p) && !actual.containsKey(p));
            assertThat(actual).as(c.name()).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a legacy value rewritten after the migration is migrated again as a new native version")
    void migrateWhenLegacyRewrittenLaterThenMigratesAgain() throws Exception {
        InteropFixtures.Case c = synthetic("ts-zip-v2");
        legacy.migrate(c.id(), nativeStore, MigrationOptions.defaults());
        Path newer = temp.resolve("newer");
        Files.createDirectories(newer.resolve("Default"));
        Files.writeString(newer.resolve("Default/Preferences"), "{\"rewritten\":true}");
        legacy.writeLegacyZip(c.id(), newer, null);

        MigrationResult again = legacy.migrate(c.id(), nativeStore, MigrationOptions.defaults());

        assertThat(again.action()).isEqualTo(Action.MIGRATED);
        assertThat(again.nativeVersion()).isEqualTo(2);
        Path restored = temp.resolve("restored");
        nativeStore.restore(c.id(), restored);
        assertThat(restored.resolve("Default/Preferences")).hasContent("{\"rewritten\":true}");
    }

    @Test
    @DisplayName("a native session saved after the legacy value is left alone unless overwriting is asked for")
    void migrateWhenNativeIsNewerThenSkippedUnlessOverwriteAsked() throws Exception {
        InteropFixtures.Case c = synthetic("py-zip-v2");
        Path work = temp.resolve("java-work");
        Files.createDirectories(work);
        Files.writeString(work.resolve("state.txt"), "saved by a Java worker after the Python upload");
        nativeStore.save(c.id(), work);

        MigrationResult skipped = legacy.migrate(c.id(), nativeStore, MigrationOptions.defaults());

        assertThat(skipped.action()).isEqualTo(Action.SKIPPED_NATIVE_NEWER);
        assertThat(skipped.detail()).contains("newer than the legacy value");
        assertThat(nativeStore.info(c.id()).orElseThrow().version()).isEqualTo(1);

        MigrationResult forced = legacy.migrate(c.id(), nativeStore, MigrationOptions.builder().overwriteNewerNative(true).build());

        assertThat(forced.action()).isEqualTo(Action.MIGRATED);
        assertThat(forced.nativeVersion()).isEqualTo(2);
    }

    @Test
    @DisplayName("deleteLegacy removes the legacy keys once the native session holds their content, also on a later run")
    void migrateUserWhenDeleteLegacyThenKeysRemovedAfterNativeSave() {
        MigrationReport report = legacy.migrateUser("carol", nativeStore, MigrationOptions.builder().deleteLegacy(true).build());

        assertThat(report.results()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.action()).isEqualTo(Action.MIGRATED);
            assertThat(nativeStore.exists(r.id())).isTrue();
            // a native copy that left files out (a browser profile's caches) never costs the only full copy
            assertThat(r.legacyDeleted()).isEqualTo(r.leftOut().isEmpty());
            assertThat(legacy.exists(r.id())).isEqualTo(!r.leftOut().isEmpty());
            if (r.legacyDeleted()) {
                assertThat(redis.sync().exists(redis.metadataKey(r.id()))).isZero();
            }
        });
        assertThat(report.results()).anySatisfy(r -> assertThat(r.leftOut()).isNotEmpty())
                .anySatisfy(r -> assertThat(r.leftOut()).isEmpty());

        InteropFixtures.Case ts = synthetic("ts-zip-v2");
        legacy.migrate(ts.id(), nativeStore, MigrationOptions.defaults());
        MigrationResult dry = legacy.migrate(ts.id(), nativeStore, MigrationOptions.builder().deleteLegacy(true).dryRun(true).build());
        assertThat(dry.action()).isEqualTo(Action.UP_TO_DATE);
        assertThat(dry.detail()).contains("would delete the legacy keys");
        assertThat(legacy.exists(ts.id())).isTrue();
        MigrationResult cleanup = legacy.migrate(ts.id(), nativeStore, MigrationOptions.builder().deleteLegacy(true).build());
        assertThat(cleanup.action()).isEqualTo(Action.UP_TO_DATE);
        assertThat(cleanup.legacyDeleted()).isTrue();
        assertThat(legacy.exists(ts.id())).isFalse();
    }

    @Test
    @DisplayName("a 6 MiB file migrates whole into Redis by default; deleteLegacy keeps the keys while the native copy left anything out")
    void migrateWhenFileIsLargeThenNativeCopyCompleteAndIncompleteCopyKeepsLegacyKeys() throws Exception {
        Path profile = temp.resolve("big-profile");
        byte[] history = new byte[6 * 1024 * 1024];
        new java.util.Random(6).nextBytes(history);
        Files.createDirectories(profile.resolve("Default/Cache"));
        Files.write(profile.resolve("Default/History"), history);
        Files.writeString(profile.resolve("Default/Cookies"), "c");
        Files.writeString(profile.resolve("Default/Cache/data_0"), "cached");
        SessionId id = SessionId.of("big-" + java.util.UUID.randomUUID().toString().substring(0, 8), "s");
        legacy.writeLegacyZip(id, profile, null);
        URI uri = URI.create(redis.server().uri() + "?keyPrefix=" + redis.prefix() + "-native");
        try (BrowserStateManager redisNative = BrowserState.open(uri, Map.of("workDirectory", temp.resolve("rw").toString()))) {
            MigrationResult first = legacy.migrate(id, redisNative, MigrationOptions.builder().deleteLegacy(true).build());
            assertThat(first.action()).isEqualTo(Action.MIGRATED);
            assertThat(first.leftOut()).singleElement().satisfies(f -> {
                assertThat(f.path()).isEqualTo("Default/Cache");
                assertThat(f.reason()).contains("excluded");
            });
            assertThat(first.legacyDeleted()).isFalse();
            assertThat(first.detail()).contains("incomplete");
            assertThat(legacy.exists(id)).isTrue();
            redisNative.restore(id, temp.resolve("native-copy"));
            assertThat(Files.readAllBytes(temp.resolve("native-copy/Default/History"))).isEqualTo(history);

            MigrationResult again = legacy.migrate(id, redisNative, MigrationOptions.builder().deleteLegacy(true).build());
            assertThat(again.action()).isEqualTo(Action.UP_TO_DATE);
            assertThat(again.legacyDeleted()).isFalse();
            MigrationResult allowed = legacy.migrate(id, redisNative, MigrationOptions.builder().deleteLegacy(true).deleteIncomplete(true).build());
            assertThat(allowed.legacyDeleted()).isTrue();
            assertThat(legacy.exists(id)).isFalse();
            redisNative.delete(id);
        }
    }

    @Test
    @DisplayName("migrating a hostile value throws the refusal and saves nothing; a missing one is SessionNotFoundException")
    void migrateWhenValueHostileOrMissingThenThrowsAndSavesNothing() {
        InteropFixtures.Case hostile = cases.stream().filter(InteropFixtures.Case::mustFail).findFirst().orElseThrow();

        assertThatThrownBy(() -> legacy.migrate(hostile.id(), nativeStore, MigrationOptions.defaults()))
                .isInstanceOf(io.browserstate.api.CorruptDataException.class)
                .hasMessageStartingWith("Session " + hostile.id());
        assertThat(nativeStore.exists(hostile.id())).isFalse();
        assertThatThrownBy(() -> legacy.migrate(SessionId.of("nobody", "nothing"), nativeStore, MigrationOptions.defaults()))
                .isInstanceOf(SessionNotFoundException.class);
    }
}
