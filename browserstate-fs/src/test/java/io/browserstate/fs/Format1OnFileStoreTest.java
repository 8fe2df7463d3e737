package io.browserstate.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.MigrationReport;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.BrowserState;
import io.browserstate.core.StorageProviders;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.StorageProvider;
import io.browserstate.tck.Format1Fixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file store written by 0.2 (format 1, kept as a resource: see {@link Format1Fixture}) restores every
 * kept version, migrates to format 2 without losing one, and a second migration changes nothing.
 */
class Format1OnFileStoreTest {
    private static final SessionId ID = SessionId.of(Format1Fixture.USER, Format1Fixture.SESSION);

    @TempDir
    Path temp;
    Path store;
    StorageProvider provider;
    BrowserStateManager manager;

    @BeforeEach
    void copyFixture() throws IOException {
        store = temp.resolve("store");
        Path fixture = Path.of("src/test/resources/format1/store");
        try (Stream<Path> all = Files.walk(fixture)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = store.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        provider = StorageProviders.open(store.toUri(), Map.of());
        manager = BrowserState.create(provider, BrowserStateOptions.builder().workDirectory(temp.resolve("mounts")).build());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private void assertEveryVersionRestores(String phase) {
        assertThat(manager.history(ID, null, 10).items()).extracting(SnapshotInfo::version).as(phase).containsExactly(3L, 2L, 1L);
        for (int v = 1; v <= Format1Fixture.VERSIONS; v++) {
            Path restored = temp.resolve(phase + "-v" + v);
            assertThat(manager.restore(ID, v, restored).version()).isEqualTo(v);
            assertThat(Format1Fixture.contents(restored)).as(phase + ": version " + v).isEqualTo(Format1Fixture.expected(temp, v));
        }
    }

    @Test
    @DisplayName("a format-1 session restores every kept version, migrates to format 2, and a second migration changes nothing")
    void format1SessionRestoresAndMigratesOnce() throws IOException {
        Head before = provider.readHead(ID).orElseThrow();
        assertThat(before.format()).isEqualTo(1);
        assertEveryVersionRestores("format 1");

        MigrationReport first = manager.migrateFormat(Format1Fixture.USER);

        assertThat(first.migrated()).containsExactly(ID);
        assertThat(first.notMigrated()).isEmpty();
        assertThat(first.blobsCopied()).isPositive();
        assertThat(first.blobsDeleted()).isEqualTo(first.blobsCopied());
        Head after = provider.readHead(ID).orElseThrow();
        assertThat(after.format()).isEqualTo(2);
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.manifestId()).isEqualTo(before.manifestId());
        assertThat(provider.listBlobs(BlobSpace.ofSession(ID))).as("the session's own space is emptied").isEmpty();
        try (Stream<Path> left = Files.list(store.resolve("sessions/alice/profile"))) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("blobs");
        }
        assertEveryVersionRestores("format 2");
        assertThat(manager.history(ID, null, 10).items()).allSatisfy(s -> assertThat(s.origin()).isEqualTo(SnapshotInfo.Origin.MIGRATION));

        Head settled = provider.readHead(ID).orElseThrow(); // the restores above recorded their access
        Map<String, ?> blobs = provider.listBlobs(BlobSpace.shared(Format1Fixture.USER));
        MigrationReport second = manager.migrateFormat(Format1Fixture.USER);

        assertThat(second.migrated()).isEmpty();
        assertThat(second.alreadyCurrent()).isEqualTo(1);
        assertThat(second.blobsCopied()).isZero();
        assertThat(second.blobsDeleted()).isZero();
        assertThat(provider.readHead(ID).orElseThrow()).isEqualTo(settled);
        assertThat(provider.listBlobs(BlobSpace.shared(Format1Fixture.USER)).keySet()).isEqualTo(blobs.keySet());
    }

    @Test
    @DisplayName("saving a format-1 session migrates it first: its older versions stay kept and restorable")
    void saveOfAFormat1SessionMigratesItFirst() {
        Path v4 = Format1Fixture.writeTree(temp.resolve("v4"), 3);
        org.assertj.core.api.Assertions.assertThatCode(() -> Files.writeString(v4.resolve("Default/New"), "new")).doesNotThrowAnyException();
        assertThat(manager.save(ID, v4).version()).isEqualTo(4);
        assertThat(provider.readHead(ID).orElseThrow().format()).isEqualTo(2);
        assertThat(manager.history(ID, null, 10).items()).extracting(SnapshotInfo::version).containsExactly(4L, 3L, 2L);
        Path restored = temp.resolve("v2");
        manager.restore(ID, 2, restored);
        assertThat(Format1Fixture.contents(restored)).isEqualTo(Format1Fixture.expected(temp, 2));
    }

    @Test
    @DisplayName("a format-1 older snapshot that cannot be read is left out of the migration, which carries the others")
    void migrationLeavesOutAnOlderSnapshotThatCannotBeRead() throws IOException {
        String oldest = before().history().get(1);
        Files.delete(store.resolve("sessions/alice/profile/blobs").resolve(oldest.substring(0, 2)).resolve(oldest));

        MigrationReport report = manager.migrateFormat(Format1Fixture.USER);

        assertThat(report.migrated()).containsExactly(ID);
        assertThat(manager.history(ID, null, 10).items()).extracting(SnapshotInfo::version).containsExactly(3L, 2L);
        Path restored = temp.resolve("v2-after");
        manager.restore(ID, 2, restored);
        assertThat(Format1Fixture.contents(restored)).isEqualTo(Format1Fixture.expected(temp, 2));
    }

    @Test
    @DisplayName("a mount whose first save migrated the session and then failed saves on the next try")
    void mountWhoseSaveFailedAfterMigratingSavesOnTheNextTry() {
        java.util.concurrent.atomic.AtomicBoolean failNextPublish = new java.util.concurrent.atomic.AtomicBoolean(true);
        StorageProvider flaky = new io.browserstate.core.ForwardingStorageProvider(StorageProviders.open(store.toUri(), Map.of())) {
            @Override
            public io.browserstate.spi.HeadUpdate compareAndSetHead(SessionId s, long v, Head h, io.browserstate.spi.Lease l,
                    java.time.Instant by) {
                // the migration republishes version 3; the save after it publishes version 4, and fails once
                if (h.version() == 4 && failNextPublish.getAndSet(false)) {
                    throw new io.browserstate.api.StorageException("the store went away for a moment");
                }
                return super.compareAndSetHead(s, v, h, l, by);
            }
        };
        try (BrowserStateManager m = BrowserState.create(flaky, BrowserStateOptions.builder().workDirectory(temp.resolve("m2")).build())) {
            io.browserstate.api.MountedSession mounted = m.mount(ID);
            org.assertj.core.api.Assertions.assertThatThrownBy(mounted::save).isInstanceOf(io.browserstate.api.SaveFailedException.class);
            assertThat(provider.readHead(ID).orElseThrow().format()).as("the migration was published before the save failed").isEqualTo(2);
            assertThat(mounted.save().version()).isEqualTo(4);
            mounted.close();
        }
        assertThat(manager.history(ID, null, 10).items()).extracting(SnapshotInfo::version).containsExactly(5L, 4L, 3L);
    }

    @Test
    @DisplayName("a save whose base lost chunks (collected, expired) reads its files again and uploads them")
    void saveWhoseBaseLostChunksReadsTheFilesAgain() throws IOException {
        Path tree = Format1Fixture.writeTree(temp.resolve("tree"), 2);
        SessionId other = SessionId.of(Format1Fixture.USER, "fresh");
        manager.save(other, tree);
        Head head = provider.readHead(other).orElseThrow();
        Path blobs = store.resolve("shared").resolve(Format1Fixture.USER).resolve("blobs");
        try (Stream<Path> all = Files.walk(blobs)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                String name = p.getFileName().toString();
                if (!name.equals(head.manifestId()) && !name.equals(head.snapshotId())) {
                    Files.delete(p);
                }
            }
        }
        manager.save(other, tree);
        Path restored = temp.resolve("fresh-restored");
        manager.restore(other, restored);
        assertThat(Format1Fixture.contents(restored)).isEqualTo(Format1Fixture.contents(tree));
    }

    private Head before() {
        return provider.readHead(ID).orElseThrow();
    }
}
