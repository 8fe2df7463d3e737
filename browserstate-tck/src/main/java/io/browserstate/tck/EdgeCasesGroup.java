package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.SaveOptions;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionPage;
import io.browserstate.api.StorageException;
import io.browserstate.spi.Blob;
import io.browserstate.spi.StorageProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's edge cases, from jclouds' and restic's suites: odd names and attribute values, empty and
 * largest blobs, duplicate ids, page sizes, orphan blobs, calls after close.
 *
 * @since 0.2
 */
public interface EdgeCasesGroup {

    /**
     * Checks that session ids with spaces, unicode, {@code %}, {@code #}, quotes and the maximum length save, restore
     * and list.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("session ids with spaces, unicode, %, #, quotes and the maximum length in bytes save, restore and list")
    default void oddSessionIdsWork(KitStore kit) {
        Path source = ProfileTrees.writeRandomTree(kit.dir("odd-src"), 2, 500, 21);
        List<String> names = List.of("sp ace", "unic₪de 名前 🍪", "per%cent", "hash#tag", "quote'd \"double\"", "é".repeat(64));
        for (String name : names) {
            SessionId id = kit.sid(name);
            kit.manager().save(id, source);
            Path back = kit.dir("odd-" + Math.abs(name.hashCode()));
            kit.manager().restore(id, back);
            assertEquals(ProfileTrees.describe(source), ProfileTrees.describe(back), name);
        }
        List<String> listed = new ArrayList<>();
        kit.manager().list(kit.user(), null, 100).items().forEach(i -> listed.add(i.id().sessionId()));
        assertEquals(Set.copyOf(names), Set.copyOf(listed));
    }

    /**
     * Checks that head attributes holding {@code ,} {@code =} {@code &}, newlines and unicode come back exactly.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("head attributes holding ',' '=' '&', newlines and unicode come back exactly")
    default void attributesWithSeparatorsRoundTrip(KitStore kit) {
        Map<String, String> attributes = Map.of("a,b", "c=d&e", "line", "one\ntwo\r\nthree", "k=v", "x&y,z", "ünï", "🍪 ₪");
        kit.manager().save(kit.sid("attrs"), ProfileTrees.writeRandomTree(kit.dir("attrs"), 1, 100, 22),
                new SaveOptions(null, attributes));
        SessionInfo info = kit.manager().info(kit.sid("attrs")).orElseThrow();
        assertEquals(attributes, info.attributes());
    }

    /**
     * Checks that an empty blob is stored and read back as empty, not as missing.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("an empty blob is stored and read back as empty, not as missing")
    default void emptyBlobRoundTrips(KitStore kit) {
        Blob empty = KitStore.blob(new byte[0]);
        kit.provider().putBlobs(kit.space(), List.of(empty));
        assertEquals(Set.of(), kit.provider().claimBlobs(kit.space(), List.of(empty.id())));
        byte[] got = kit.provider().getBlobs(kit.space(), List.of(empty.id())).get(0);
        assertArrayEquals(new byte[0], got);
    }

    /**
     * Checks that a blob of exactly the declared maximum size is stored, and that one byte more is refused and nothing
     * is stored. Passes without checking when the provider declares no limit or one over 64 MiB.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a blob of exactly the declared maximum is stored; one byte more is refused and nothing is stored")
    default void largestBlobIsStoredAndOneByteMoreRefused(KitStore kit) {
        long max = kit.provider().capabilities().maxBlobBytes();
        if (max <= 0 || max > 64L * 1024 * 1024) {
            return; // no limit, or one too large to allocate in a test: nothing to check
        }
        byte[] exact = new byte[(int) max];
        new Random(23).nextBytes(exact);
        Blob fits = KitStore.blob(exact);
        kit.provider().putBlobs(kit.space(), List.of(fits));
        assertArrayEquals(exact, kit.provider().getBlobs(kit.space(), List.of(fits.id())).get(0));
        Blob over = KitStore.blob(new byte[(int) max + 1]);
        assertThrows(IllegalArgumentException.class, () -> kit.provider().putBlobs(kit.space(), List.of(over)));
        assertEquals(Set.of(over.id()), kit.provider().claimBlobs(kit.space(), List.of(over.id())));
    }

    /**
     * Checks that duplicate ids in one call are served: put twice, read twice, reported missing once, with one result
     * per id asked for.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("duplicate ids in one call are served: put twice, read twice, reported missing once")
    default void duplicateIdsInOneCall(KitStore kit) {
        Blob b = KitStore.blob("dup");
        String absent = KitStore.blob("absent").id();
        assertEquals(Set.of(b.id(), absent), kit.provider().claimBlobs(kit.space(), List.of(b.id(), b.id(), absent, absent)));
        kit.provider().putBlobs(kit.space(), List.of(b, b));
        List<byte[]> got = kit.provider().getBlobs(kit.space(), List.of(b.id(), absent, b.id()));
        assertEquals(3, got.size(), "one result per id asked for, never a short list");
        assertArrayEquals(b.data(), got.get(0));
        assertNull(got.get(1));
        assertArrayEquals(b.data(), got.get(2));
    }

    /**
     * Checks that pages of 1, n and n+10 list every session once and in order, the last page without a cursor.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("pages of 1, n and n+10 list every session once, in order, the last page without a cursor")
    default void pageSizesOneNAndMore(KitStore kit) {
        int n = 5;
        for (int i = 0; i < n; i++) {
            kit.provider().compareAndSetHead(kit.sid("p" + i), 0, kit.head(1, "p" + i), null, null);
        }
        for (int limit : new int[] {1, n, n + 10}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                SessionPage<io.browserstate.spi.SessionHead> page = kit.provider().listSessions(kit.user(), cursor, limit);
                assertTrue(page.items().size() <= limit);
                page.items().forEach(i -> seen.add(i.id().sessionId()));
                cursor = page.nextCursor();
                pages++;
                assertTrue(pages <= n + 1, "paging must end");
            } while (cursor != null);
            assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), seen, "limit " + limit);
            assertEquals(limit == 1 ? n : 1, pages, "limit " + limit);
        }
    }

    /**
     * Checks that the users with sessions are listed in order, each once, paging to the end; a user
     * whose only session was deleted is not.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("the users with sessions are listed in order, each once, a page at a time; a user whose sessions are gone is not")
    default void usersAreListed(KitStore kit) {
        List<String> mine = List.of(kit.user() + "-a", kit.user() + "-b", kit.user() + "-c");
        for (String u : mine) {
            kit.provider().compareAndSetHead(SessionId.of(u, "s1"), 0, kit.head(1, u), null, null);
            kit.provider().compareAndSetHead(SessionId.of(u, "s2"), 0, kit.head(1, u + "2"), null, null);
        }
        SessionId gone = SessionId.of(kit.user() + "-gone", "only");
        kit.provider().compareAndSetHead(gone, 0, kit.head(1, "gone"), null, null);
        kit.provider().deleteSession(gone, null);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SessionPage<String> page = kit.provider().listUsers(cursor, 2);
            assertTrue(page.items().size() <= 2, "a page holds at most its limit");
            seen.addAll(page.items());
            cursor = page.nextCursor();
            assertTrue(++pages < 10_000, "paging must end");
        } while (cursor != null);
        List<String> ours = seen.stream().filter(u -> u.startsWith(kit.user() + "-")).toList();
        assertEquals(mine, ours, "each user with sessions once, in order; none without");
        List<String> sorted = new ArrayList<>(seen);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, seen, "users come in order");
    }

    /**
     * Checks {@link StorageProvider#blobSizes} (stored lengths, an empty blob as 0, missing ids left out)
     * and the manager's usage figures over it: shared chunks counted once, garbage seen as garbage.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("blob sizes are the stored lengths, an empty one 0, a missing one left out; usage counts a fork's chunks once and sees garbage")
    default void blobSizesAndUsage(KitStore kit) {
        Path tree = ProfileTrees.writeRandomTree(kit.dir("usage"), 6, 20_000, 31);
        io.browserstate.api.SaveResult saved = kit.manager().save(kit.sid("u1"), tree);
        kit.manager().fork(kit.sid("u1"), kit.sid("u2"));
        io.browserstate.api.StoreUsage before = kit.manager().usage(kit.user());

        byte[] bigData = new byte[70_000];
        new Random(5).nextBytes(bigData);
        Blob small = KitStore.blob("abc");
        Blob empty = KitStore.blob(new byte[0]);
        Blob big = KitStore.blob(bigData);
        kit.provider().putBlobs(kit.space(), List.of(small, empty, big));
        Map<String, Long> sizes = kit.provider().blobSizes(kit.space(), List.of(small.id(), empty.id(), big.id(), KitStore.blob("never").id()));
        assertEquals(Map.of(small.id(), 3L, empty.id(), 0L, big.id(), 70_000L), sizes);

        io.browserstate.api.StoreUsage u = kit.manager().usage(kit.user());
        assertEquals(2, u.sessions());
        assertEquals(2, u.snapshots());
        assertEquals(2 * saved.fileCount(), u.files());
        assertEquals(2 * saved.totalBytes(), u.bytes());
        assertEquals(2 * saved.totalBytes(), u.keptBytes());
        assertEquals(saved.totalBytes(), u.uniqueBytes(), "the fork's chunks are the source's, counted once");
        assertEquals(before.blobsStored() + 3, u.blobsStored());
        assertEquals(before.blobsReferenced(), u.blobsReferenced(), "blobs no snapshot references are not counted as referenced");
        assertEquals(before.bytesStored().getAsLong() + 70_003, u.bytesStored().getAsLong());
        assertEquals(before.bytesReferenced().getAsLong(), u.bytesReferenced().getAsLong());
        assertTrue(u.bytesReferenced().getAsLong() > 0 && u.bytesReferenced().getAsLong() < saved.totalBytes() + 4096,
                "the two sessions' chunks are stored once: " + u);
        assertTrue(u.sharingRatio().orElseThrow() > 1.5, "two snapshots served by one copy: " + u);
    }

    /**
     * Checks that orphan blobs (a save that never published) are kept through the grace period and then collected.
     *
     * @param kit the store under test
     * @throws InterruptedException when interrupted while waiting out the grace period
     */
    @Test
    @DisplayName("orphan blobs (a save that never published) stay through the grace period, then a collection deletes them")
    default void orphanBlobsAreCollectedAfterTheGracePeriod(KitStore kit) throws InterruptedException {
        SessionId id = kit.sid("orphans");
        kit.provider().putBlobs(kit.space(), List.of(KitStore.blob("o1"), KitStore.blob("o2")));
        assertFalse(kit.manager().delete(id), "no head was ever published");
        assertEquals(2, kit.provider().listBlobs(kit.space()).size(), "a save in flight may still reference them");
        kit.waitOutGrace();
        assertEquals(2, kit.manager().collectGarbage(kit.user()).blobsDeleted());
        assertEquals(Map.of(), kit.provider().listBlobs(kit.space()));
    }

    /**
     * Checks that calls on a closed provider fail with {@link io.browserstate.api.StorageException}, never return a
     * result, and that closing twice is harmless.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("calls on a closed provider fail with StorageException, never a result")
    default void callsAfterCloseFail(KitStore kit) {
        StorageProvider other = kit.openProvider(Map.of());
        other.close();
        assertThrows(StorageException.class, () -> other.readHead(kit.sid("closed")));
        assertThrows(StorageException.class, () -> other.putBlobs(kit.space(), List.of(KitStore.blob("c"))));
        assertThrows(StorageException.class, () -> other.getBlobs(kit.space(), List.of(KitStore.blob("c").id())));
        other.close(); // closing twice is harmless
    }
}
