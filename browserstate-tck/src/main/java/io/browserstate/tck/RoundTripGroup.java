package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.MountedSession;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.core.StorageStats;
import io.browserstate.spi.Blob;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's RoundTrip group: A saved profile comes back exactly; heads and blobs round-trip verbatim; a missing session is an error, not an empty profile.
 * The store comes from {@link KitStore}, handed in by the kit's resolver.
 *
 * @since 0.2
 */
public interface RoundTripGroup {
    /**
     * Checks that a realistic profile saved and restored is the same tree, with caches and {@code Singleton*} files
     * left out.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a realistic profile saved and restored is the same tree, caches and Singleton files left out")
    default void saveThenRestoreReproducesTheTree(KitStore kit) {
        Path source = ProfileTrees.writeRealisticProfile(kit.dir("source"));
        SaveResult saved = kit.manager().save(kit.sid("rt"), source);
        assertEquals(1, saved.version());
        kit.manager().restore(kit.sid("rt"), kit.dir("restored"));
        assertEquals(KitStore.withoutExcluded(ProfileTrees.describe(source)), ProfileTrees.describe(kit.dir("restored")));
        assertFalse(Files.exists(kit.dir("restored").resolve("SingletonLock"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * Checks that a session's metadata is read without downloading the profile, and that it matches the save.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("metadata is read without downloading the profile")
    default void infoReadsMetadataWithoutDownloadingBlobs(KitStore kit) {
        Path source = ProfileTrees.writeRealisticProfile(kit.dir("source"));
        SaveResult saved = kit.manager().save(kit.sid("meta"), source, new SaveOptions("Chromium 156.0", Map.of("team", "qa")));
        StorageStats before = kit.counted().stats();
        SessionInfo info = kit.manager().info(kit.sid("meta")).orElseThrow();
        assertEquals(0, kit.counted().stats().minus(before).bytesRead(), "info must not read blobs");
        assertEquals(saved.fileCount(), info.fileCount());
        assertEquals(saved.totalBytes(), info.sizeBytes());
        assertEquals(Optional.of("Chromium 156.0"), info.browser());
        assertEquals("qa", info.attributes().get("team"));
        assertEquals(1, info.version());
        assertTrue(kit.manager().exists(kit.sid("meta")));
    }

    /**
     * Checks that a head is stored and read back with every field.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a head is stored and read back with every field")
    default void headRoundTripsEveryField(KitStore kit) {
        Head h = kit.head(1, "m1");
        assertEquals(HeadUpdate.PUBLISHED, kit.provider().compareAndSetHead(kit.sid("head"), 0, h, null, null));
        assertEquals(h, kit.provider().readHead(kit.sid("head")).orElseThrow());
    }

    /**
     * Checks that blobs are stored and returned verbatim, and missing ones as {@code null}.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("blobs are stored and returned verbatim, missing ones as null")
    default void blobsRoundTripVerbatim(KitStore kit) {
        byte[] data = ProfileTrees.random(new Random(1), 100_000);
        String id = ProfileTrees.sha256(data);
        String absent = ProfileTrees.sha256(new byte[] {1});
        assertEquals(Set.of(id), kit.provider().claimBlobs(kit.space(), List.of(id)));
        kit.provider().putBlobs(kit.space(), List.of(new Blob(id, data)));
        assertEquals(Set.of(absent), kit.provider().claimBlobs(kit.space(), List.of(id, absent)));
        List<byte[]> got = kit.provider().getBlobs(kit.space(), List.of(id, absent));
        assertArrayEquals(data, got.get(0));
        assertEquals(null, got.get(1));
    }

    /**
     * Checks that restoring a session that does not exist fails with {@link
     * io.browserstate.api.SessionNotFoundException} and creates no directory.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("restoring a session that does not exist fails with SessionNotFoundException")
    default void restoreOfMissingSessionFails(KitStore kit) {
        SessionNotFoundException e = assertThrows(SessionNotFoundException.class, () -> kit.manager().restore(kit.sid("nope"), kit.dir("x")));
        assertEquals(kit.sid("nope"), e.sessionId());
        assertFalse(Files.exists(kit.dir("x")));
    }

    /**
     * Checks that mounting a new session gives an empty private directory, and that closing the mount saves it and
     * removes the directory.
     *
     * @param kit the store under test
     * @throws IOException when the test's files cannot be written or read
     */
    @Test
    @DisplayName("mounting a new session gives an empty private directory, and close saves it")
    default void mountNewSessionThenCloseSaves(KitStore kit) throws IOException {
        Path mounted;
        try (MountedSession s = kit.manager().mount(kit.sid("mnt"))) {
            mounted = s.directory();
            assertEquals(0, s.restored().version());
            try (var list = Files.list(mounted)) {
                assertEquals(0, list.count());
            }
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(mounted)));
            ProfileTrees.write(mounted.resolve("Default/Preferences"), "{}".getBytes(StandardCharsets.UTF_8));
        }
        assertFalse(Files.exists(mounted), "close removes the mount directory");
        try (MountedSession again = kit.manager().mount(kit.sid("mnt"))) {
            assertEquals(1, again.restored().version());
            assertEquals("{}", Files.readString(again.directory().resolve("Default/Preferences")));
            again.discard();
        }
    }
}
