package io.browserstate.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveFailedException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StorageException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A Java worker in a mixed fleet: legacy sessions migrate on first mount, saves are written back. */
class LegacyMirroringTest {

    @RegisterExtension
    static final TestKeyspace redis = new TestKeyspace();

    @TempDir
    Path temp;

    private InteropFixtures.Case tsCase;
    private InteropFixtures.Case seedCase;
    private LegacySessions legacy;
    private BrowserStateManager nativeStore;

    @BeforeEach
    void replay() {
        tsCase = InteropFixtures.cases().stream().filter(c -> !c.mustFail() && !c.browser() && c.writer().equals("ts-zip-v2"))
                .findFirst().orElseThrow();
        seedCase = InteropFixtures.cases().stream().filter(c -> !c.mustFail() && !c.browser() && c.writer().equals("seed-json-v1"))
                .findFirst().orElseThrow();
        redis.replay(tsCase);
        redis.replay(seedCase);
        nativeStore = NativeStores.files(temp);
    }

    @AfterEach
    void close() {
        nativeStore.close();
    }

    private LegacySessions legacy(boolean writeBack) {
        legacy = redis.legacy(redis.options().workDirectory(temp.resolve("work")).writeBack(writeBack)
                .writeBackTtl(writeBack ? Duration.ofDays(7) : null));
        return legacy;
    }

    @Test
    @DisplayName("write-back over an encrypting store is refused (the legacy ZIP would hold the profile in plain form); migration into it works")
    void writeBackWhenStoreEncryptsThenRefusedButMigrationEncrypts() throws Exception {
        Path keyFile = temp.resolve("key");
        Files.writeString(keyFile, io.browserstate.core.KeyProviders.newKey());
        try (BrowserStateManager encrypted = io.browserstate.core.BrowserState.open(temp.resolve("sealed").toUri(), Map.of(
                "workDirectory", temp.resolve("mounts").toString(), "encryption", "aes-256-gcm", "encryptionKeys", "k1=file:" + keyFile))) {
            assertThat(encrypted.encrypts()).isTrue();
            assertThatThrownBy(() -> legacy(true).mirroring(encrypted))
                    .isInstanceOf(io.browserstate.api.InvalidConfigurationException.class)
                    .hasMessageContaining("writeBack").hasMessageContaining("encrypt").hasMessageContaining("without a key");
            BrowserStateManager mirror = legacy(false).mirroring(encrypted);
            try (MountedSession mounted = mirror.mount(tsCase.id())) {
                assertThat(FileTree.of(mounted.directory())).isEqualTo(tsCase.expected());
                mounted.discard();
            }
            SessionId id = tsCase.id();
            Path sealedHead = temp.resolve("sealed/sessions").resolve(id.userId()).resolve(id.sessionId()).resolve("head.properties");
            try (java.util.stream.Stream<Path> blobs = Files.walk(temp.resolve("sealed/shared").resolve(id.userId()))) {
                java.util.List<Path> files = blobs.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
                assertThat(files).as("the migrated session's blobs").isNotEmpty();
                for (Path blob : files) {
                    assertThat(Files.readAllBytes(blob)[2]).as("blob %s is encrypted", blob.getFileName()).isEqualTo((byte) 1);
                }
            }
            assertThat(Files.readString(sealedHead)).contains("attr.browserstate.sealed");
        }
    }

    @Test
    @DisplayName("mount of a legacy-only session migrates it first and mounts the legacy files; a second mount does not migrate again")
    void mountWhenOnlyLegacyExistsThenMigratedOnceAndMounted() {
        BrowserStateManager mirror = legacy(false).mirroring(nativeStore);
        SessionId id = tsCase.id();
        assertThat(mirror.exists(id)).isTrue();
        assertThat(mirror.info(id)).hasValueSatisfying(info -> assertThat(info.version()).isZero());

        try (MountedSession mounted = mirror.mount(id)) {
            Map<String, FileTree.Node> tree = FileTree.of(mounted.directory());
            assertThat(tree).isEqualTo(tsCase.expected());
            assertThat(mounted.restored().version()).isEqualTo(1);
            mounted.discard();
        }
        try (MountedSession again = mirror.mount(id)) {
            assertThat(again.restored().version()).as("no second migration").isEqualTo(1);
            again.discard();
        }
        assertThat(nativeStore.info(id).orElseThrow().version()).isEqualTo(1);
        assertThat(legacy.exists(id)).isTrue();
    }

    @Test
    @DisplayName("with write-back, closing a mount writes the saved profile back as a legacy ZIP that the legacy reader restores")
    void closeWhenWriteBackThenLegacyValueHoldsTheSavedProfile() throws Exception {
        BrowserStateManager mirror = legacy(true).mirroring(nativeStore);
        SessionId id = seedCase.id();

        try (MountedSession mounted = mirror.mount(id)) {
            Files.writeString(mounted.directory().resolve("Default/written-by-java.txt"), "hello from Java");
        }

        SessionInfo info = nativeStore.info(id).orElseThrow();
        assertThat(info.version()).isEqualTo(2);
        LegacySessionInfo legacyInfo = legacy.info(id).orElseThrow();
        assertThat(legacyInfo.format()).as("the seed value was replaced by a ZIP value").isEqualTo(LegacyFormat.ZIP_V2);
        assertThat(legacyInfo.writer()).isEqualTo("ts-zip-v2");
        assertThat(legacyInfo.expiresIn()).hasValueSatisfying(ttl -> assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofDays(7)));
        assertThat(info.attributes()).containsEntry(LegacySessions.ATTR_FORMAT, "zip-v2");
        Path viaLegacy = temp.resolve("via-legacy");
        LegacyRestoreResult restored = legacy.restore(id, viaLegacy);
        assertThat(restored.legacySha256()).isEqualTo(info.attributes().get(LegacySessions.ATTR_SHA256));
        assertThat(viaLegacy.resolve("Default/written-by-java.txt")).hasContent("hello from Java");
        Path viaNative = temp.resolve("via-native");
        nativeStore.restore(id, viaNative);
        assertThat(FileTree.of(viaLegacy)).isEqualTo(FileTree.of(viaNative));

        try (MountedSession again = mirror.mount(id)) {
            assertThat(again.restored().version()).as("the written-back value is not imported again").isEqualTo(2);
            again.discard();
        }
    }

    @Test
    @DisplayName("a legacy value written by another worker after the Java save is imported on the next mount")
    void mountWhenLegacyWorkerSavedLaterThenItsVersionIsMounted() throws Exception {
        BrowserStateManager mirror = legacy(true).mirroring(nativeStore);
        SessionId id = tsCase.id();
        try (MountedSession mounted = mirror.mount(id)) {
            Files.writeString(mounted.directory().resolve("README.txt"), "java edit");
        }
        Path tsWorker = temp.resolve("ts-worker");
        Files.createDirectories(tsWorker);
        Files.writeString(tsWorker.resolve("README.txt"), "typescript edit");
        redis.legacy().writeLegacyZip(id, tsWorker, null);
        // the other worker's clock: its upload is stamped after the Java save, whatever this machine's clock resolution
        long later = nativeStore.info(id).orElseThrow().updatedAt().toEpochMilli() + 1000;
        redis.sync().set(redis.metadataKey(id),
                ("{\"timestamp\":" + later + ",\"fileCount\":0,\"version\":\"2.0\",\"encrypted\":false}").getBytes(StandardCharsets.UTF_8));

        try (MountedSession mounted = mirror.mount(id)) {
            assertThat(mounted.directory().resolve("README.txt")).hasContent("typescript edit");
            assertThat(mounted.restored().version()).isEqualTo(3);
            mounted.discard();
        }
    }

    @Test
    @DisplayName("a leftover legacy metadata key without its value does not disturb mounting the native session")
    void mountWhenOnlyLegacyMetadataLeftThenNativeSessionMounted() {
        BrowserStateManager mirror = legacy(false).mirroring(nativeStore);
        SessionId id = tsCase.id();
        try (MountedSession mounted = mirror.mount(id)) {
            mounted.discard();
        }
        redis.sync().del(redis.key(id));
        redis.sync().set(redis.metadataKey(id),
                "{\"timestamp\":4102444800000,\"fileCount\":0,\"version\":\"2.0\",\"encrypted\":false}".getBytes(StandardCharsets.UTF_8));

        try (MountedSession mounted = mirror.mount(id)) {
            assertThat(mounted.restored().version()).isEqualTo(1);
            mounted.discard();
        }
    }

    @Test
    @DisplayName("save, list and delete see both layouts")
    void listAndDeleteWhenBothLayoutsThenMerged() throws Exception {
        BrowserStateManager mirror = legacy(true).mirroring(nativeStore);
        Path profile = temp.resolve("p");
        Files.createDirectories(profile);
        Files.writeString(profile.resolve("f.txt"), "x");
        SessionId javaOnly = SessionId.of(tsCase.id().userId(), "java-only");

        mirror.save(javaOnly, profile);

        assertThat(legacy.exists(javaOnly)).as("written back").isTrue();
        SessionPage<SessionInfo> page = mirror.list(tsCase.id().userId(), null, 1000);
        assertThat(page.items()).extracting(i -> i.id().sessionId()).contains("java-only", tsCase.id().sessionId()).isSorted();
        SessionPage<SessionInfo> first = mirror.list(tsCase.id().userId(), null, 1);
        assertThat(first.items()).hasSize(1);
        assertThat(first.hasNext()).isTrue();
        assertThat(mirror.list(tsCase.id().userId(), first.nextCursor(), 1000).items()).hasSize(page.items().size() - 1);

        assertThat(mirror.delete(javaOnly)).isTrue();
        assertThat(legacy.exists(javaOnly)).isFalse();
        assertThat(nativeStore.exists(javaOnly)).isFalse();
    }

    @Test
    @DisplayName("a mount whose native save failed writes no legacy value, also when closed again (try-with-resources after close)")
    void closeWhenNativeSaveFailedThenNoLegacyValueEvenOnSecondClose() throws Exception {
        BrowserStateManager mirror = legacy(true).mirroring(nativeStore);
        SessionId id = SessionId.of("frank", "native-fails");
        MountedSession mounted = mirror.mount(id);
        Files.writeString(mounted.directory().resolve("state.txt"), "unsaved work");
        // the native store can no longer write this session's blobs: where their directory goes lies a file
        Files.createDirectories(NativeStores.sharedSpace(temp, id));
        Files.writeString(NativeStores.sharedSpace(temp, id).resolve("blobs"), "not a directory");

        assertThatThrownBy(mounted::close).isInstanceOf(SaveFailedException.class);
        mounted.close();

        assertThat(legacy.exists(id)).as("a legacy value from a failed native save").isFalse();
        assertThat(nativeStore.exists(id)).isFalse();
        assertThat(mounted.directory().resolve("state.txt")).as("the unsaved profile is kept").hasContent("unsaved work");
    }

    @Test
    @DisplayName("a profile no reader accepts (a link cycle) is saved natively without the links and the missing legacy copy is reported;"
            + " saves of the mounted copy carry a legacy copy again")
    void saveWhenLegacyCopyImpossibleThenNativeSavedAndFailureReported() throws Exception {
        BrowserStateManager mirror = legacy(true).mirroring(nativeStore);
        SessionId id = SessionId.of("grace", "link-cycle");
        Path profile = temp.resolve("profile");
        Files.createDirectories(profile);
        Files.writeString(profile.resolve("notes.txt"), "v1");
        // a link cycle: fine on disk, refused by every reader; the native save skips and reports the links
        Files.createSymbolicLink(profile.resolve("ping"), Path.of("pong"));
        Files.createSymbolicLink(profile.resolve("pong"), Path.of("ping"));

        assertThatThrownBy(() -> mirror.save(id, profile)).satisfies(e -> assertLegacyCopyMissing(e, 1));
        assertThat(legacy.exists(id)).isFalse();
        try (MountedSession mounted = mirror.mount(id)) {
            assertThat(Files.exists(mounted.directory().resolve("ping"), LinkOption.NOFOLLOW_LINKS)).isFalse();
            Files.writeString(mounted.directory().resolve("notes.txt"), "v2");
            assertThat(mounted.save().version()).isEqualTo(2);
        }

        assertThat(nativeStore.info(id).orElseThrow().version()).isEqualTo(3);
        assertThat(legacy.exists(id)).isTrue();
        Path restored = temp.resolve("restored");
        nativeStore.restore(id, restored);
        assertThat(restored.resolve("notes.txt")).hasContent("v2");
        legacy.restore(id, temp.resolve("restored-legacy"));
        assertThat(temp.resolve("restored-legacy/notes.txt")).hasContent("v2");
    }

    private static void assertLegacyCopyMissing(Throwable e, long nativeVersion) {
        assertThat(e).isInstanceOf(StorageException.class)
                .hasMessageContaining("the native snapshot is saved (version " + nativeVersion + "), but the legacy copy is not")
                .hasMessageContaining("cycle");
    }
}
