package io.browserstate.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.CorruptDataException;
import io.browserstate.api.EncryptionKeyException;
import io.browserstate.api.RekeyReport;
import io.browserstate.api.SaveOptions;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.KeyProviders;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.HeadFields;
import io.browserstate.spi.KeyProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's Encryption group, run encrypted whatever the kit's own setting: what the store holds reveals
 * neither content, nor file names, nor attributes (and the same save in plain form does, so the check
 * can fail); a wrong or missing key is an {@link EncryptionKeyException} naming the key id; one flipped
 * byte in a chunk, a manifest, a record or the head's attributes is a {@link CorruptDataException}; a
 * blob moved to another id or another user's space is refused; the target is untouched in every case;
 * and rotating keys with {@code rekey} retires the old key.
 *
 * @since 0.4
 */
public interface EncryptionGroup {
    /** Strings the profile holds: none may appear in the store when it is encrypted. */
    String CONTENT_MARKER = "cookie-value-7f3a9c21";
    /** A file name of the profile. */
    String PATH_MARKER = "Secret Marker Cookies";
    /** An attribute value. */
    String ATTRIBUTE_MARKER = "owner-5d1e77b0";

    private static KeyProvider keys(String current, Map<String, byte[]> keys) {
        Map<String, javax.crypto.SecretKey> specs = new LinkedHashMap<>();
        keys.forEach((id, k) -> specs.put(id, new SecretKeySpec(k, "AES")));
        return KeyProviders.of(current, specs);
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        new java.util.Random(seed).nextBytes(k);
        return k;
    }

    private static BrowserStateManager manager(KitStore kit, String encryption, KeyProvider keys) {
        BrowserStateManager m = BrowserState.create(kit.openProvider(Map.of()), kit.engineOptions().compression("none").encryption(encryption)
                .keyProvider(keys).build());
        kit.closeLater(m);
        return m;
    }

    private static BrowserStateManager encrypted(KitStore kit, KeyProvider keys) {
        return manager(kit, BrowserStateOptions.AES_256_GCM, keys);
    }

    /** An encrypting manager over a provider that takes blobs of at most 8 KiB (so manifests are stored in parts); closed after the test. */
    private static BrowserStateManager smallBlobs(KitStore kit, KeyProvider keys) {
        io.browserstate.spi.StorageProvider small = new io.browserstate.core.ForwardingStorageProvider(kit.openProvider(Map.of())) {
            @Override
            public io.browserstate.spi.ProviderCapabilities capabilities() {
                io.browserstate.spi.ProviderCapabilities c = delegate().capabilities();
                return io.browserstate.spi.ProviderCapabilities.builder().ttl(c.ttl()).leases(c.leases()).multiProcess(c.multiProcess())
                        .maxBlobBytes(8192).preferredBatchBytes(c.preferredBatchBytes()).build();
            }
        };
        BrowserStateManager m = BrowserState.create(small, kit.engineOptions().compression("none").chunkSize(4096)
                .encryption(BrowserStateOptions.AES_256_GCM).keyProvider(keys).build());
        kit.closeLater(m);
        return m;
    }

    private static Path markedProfile(KitStore kit, String name) {
        Path dir = ProfileTrees.writeRandomTree(kit.dir(name), 6, 3000, 41);
        StringBuilder cookies = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            cookies.append("sid=").append(CONTENT_MARKER).append(i).append(";\n");
        }
        ProfileTrees.write(dir.resolve("Default/" + PATH_MARKER), cookies.toString().getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    private static SaveOptions marked() {
        return new SaveOptions("Chromium 156", Map.of("owner", ATTRIBUTE_MARKER));
    }

    /** Every byte the store holds for a user: each blob of the shared space and every field of every head. */
    private static byte[] dump(KitStore kit, String userId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BlobSpace space = BlobSpace.shared(userId);
        List<String> ids = new ArrayList<>(kit.provider().listBlobs(space).keySet());
        for (byte[] b : kit.provider().getBlobs(space, ids)) {
            out.writeBytes(b);
        }
        kit.provider().listSessions(userId, null, 1000).items().forEach(sh -> HeadFields.toFields(sh.head())
                .forEach((k, v) -> out.writeBytes((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8))));
        return out.toByteArray();
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Replaces a stored blob's bytes (providers never overwrite: delete, then put). */
    private static void replace(KitStore kit, BlobSpace space, String id, byte[] data) {
        kit.provider().deleteBlobs(space, List.of(id), kit.provider().time().plusSeconds(3600));
        kit.provider().putBlobs(space, List.of(new Blob(id, data)));
    }

    private static byte[] stored(KitStore kit, BlobSpace space, String id) {
        byte[] b = kit.provider().getBlobs(space, List.of(id)).get(0);
        assertNotNull(b, "blob " + id + " is stored");
        return b;
    }

    private static byte[] flipped(byte[] b) {
        byte[] c = b.clone();
        c[c.length / 2] ^= 0x01;
        return c;
    }

    /**
     * Asserts that a restore of the current version fails with {@code type}, read as a version (so that
     * the snapshot record is read too) and as the newest, and leaves no target behind.
     */
    private static <T extends BrowserStateException> T restoreFails(KitStore kit, BrowserStateManager m, SessionId id, Class<T> type) {
        Path target = kit.dir("target-" + System.nanoTime());
        T e = assertThrows(type, () -> m.restore(id, target));
        assertFalse(Files.exists(target), "a failed restore leaves no target behind");
        long version = kit.provider().readHead(id).orElseThrow().version();
        assertThrows(type, () -> m.restore(id, version, target));
        assertFalse(Files.exists(target), "a failed restore leaves no target behind");
        return e;
    }

    /**
     * Saves a profile whose content, file names and attributes hold known strings, once in plain form
     * (the strings are in the store: the check can fail) and once encrypted (none of them is), with
     * compression off in both so that only encryption hides them; the encrypted one restores the same tree.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("encrypted, the store holds none of the profile's content, file names or attributes; in plain form it holds all three")
    default void encryptedStoreRevealsNoContentNamesOrAttributes(KitStore kit) {
        KeyProvider keys = keys("k1", Map.of("k1", key(1)));
        SessionId plain = SessionId.of(kit.user() + "-plain", "s");
        SessionId sealed = SessionId.of(kit.user() + "-sealed", "s");
        Path dir = markedProfile(kit, "marked");
        manager(kit, "none", keys).save(plain, dir, marked());
        BrowserStateManager m = encrypted(kit, keys);
        m.save(sealed, dir, marked());

        byte[] plainDump = dump(kit, plain.userId());
        byte[] sealedDump = dump(kit, sealed.userId());
        for (String marker : List.of(CONTENT_MARKER, PATH_MARKER, ATTRIBUTE_MARKER, "Chromium 156")) {
            assertTrue(contains(plainDump, marker), "the plain save stores '" + marker + "' where anyone can read it");
            assertFalse(contains(sealedDump, marker), "the encrypted save stores '" + marker + "' in plain form");
        }
        m.restore(sealed, kit.dir("restored"));
        assertEquals(ProfileTrees.describe(dir), ProfileTrees.describe(kit.dir("restored")));
        assertEquals(ATTRIBUTE_MARKER, m.info(sealed).orElseThrow().attributes().get("owner"));
        assertEquals("Chromium 156", m.info(sealed).orElseThrow().browserVersion());
    }

    /**
     * A reader with a different key under the same id, one with other keys only, and one with no keys:
     * each fails with {@link EncryptionKeyException} naming the key id, without key material in the
     * message, and writes nothing.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a wrong key, a missing key and no keys at all each fail with EncryptionKeyException naming the key, target untouched")
    default void wrongOrMissingKeyIsNamedAndWritesNothing(KitStore kit) {
        byte[] right = key(2);
        SessionId id = kit.sid("locked");
        encrypted(kit, keys("k1", Map.of("k1", right))).save(id, markedProfile(kit, "locked"), marked());

        byte[] wrong = key(3);
        EncryptionKeyException e = restoreFails(kit, manager(kit, "none", keys("k1", Map.of("k1", wrong))), id, EncryptionKeyException.class);
        assertEquals("k1", e.keyId());
        assertTrue(String.valueOf(e.getMessage()).contains("'k1'") && String.valueOf(e.getMessage()).contains("not the key"), e.getMessage());
        for (byte[] k : List.of(right, wrong)) {
            assertFalse(String.valueOf(e.getMessage()).contains(Base64.getEncoder().encodeToString(k)), "no key material in the message");
            assertFalse(String.valueOf(e.getMessage()).contains(java.util.HexFormat.of().formatHex(k)), "no key material in the message");
        }

        e = restoreFails(kit, manager(kit, "none", keys("k2", Map.of("k2", right))), id, EncryptionKeyException.class);
        assertEquals("k1", e.keyId());
        assertTrue(String.valueOf(e.getMessage()).contains("'k1'") && String.valueOf(e.getMessage()).contains("k2"), e.getMessage());

        BrowserStateManager none = BrowserState.create(kit.openProvider(Map.of()), kit.engineOptions().encryption("none").keyProvider(null)
                .build());
        kit.closeLater(none);
        e = restoreFails(kit, none, id, EncryptionKeyException.class);
        assertEquals("k1", e.keyId());
    }

    /**
     * One flipped byte in a chunk, in the manifest, in the snapshot record and in the head's sealed
     * attributes: each is a {@link CorruptDataException} and writes nothing; put back, the session
     * restores again.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("one flipped byte in a chunk, a manifest, a manifest part, a record or the head's attributes is CorruptDataException, target untouched")
    default void aFlippedByteAnywhereIsCorruptData(KitStore kit) {
        KeyProvider keys = keys("k1", Map.of("k1", key(4)));
        SessionId id = kit.sid("tampered");
        Path dir = markedProfile(kit, "tampered");
        encrypted(kit, keys).save(id, dir, marked());
        BlobSpace space = kit.space();
        Head head = kit.provider().readHead(id).orElseThrow();
        Set<String> chunks = new HashSet<>(kit.provider().listBlobs(space).keySet());
        chunks.remove(head.manifestId());
        chunks.remove(head.snapshotId());
        String chunk = chunks.iterator().next();

        for (String blob : List.of(chunk, head.manifestId(), head.snapshotId())) {
            byte[] original = stored(kit, space, blob);
            replace(kit, space, blob, flipped(original));
            // a fresh reader each time: a manager caches the records it read or wrote (they never change)
            BrowserStateManager reader = encrypted(kit, keys);
            Path target = kit.dir("target-" + blob);
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> reader.restore(id, 1, target), "tampered " + blob);
            assertFalse(Files.exists(target), "a failed restore leaves no target behind");
            assertEquals(id, e.sessionId());
            if (!blob.equals(head.snapshotId())) {
                restoreFails(kit, encrypted(kit, keys), id, CorruptDataException.class);
            }
            replace(kit, space, blob, original);
            encrypted(kit, keys).restore(id, kit.dir("after-" + blob));
        }

        // a manifest in parts: a provider that takes blobs of at most 8 KiB makes a manifest of 80 files split
        SessionId parted = kit.sid("parted");
        BrowserStateManager writer = smallBlobs(kit, keys);
        Set<String> earlier = new HashSet<>(kit.provider().listBlobs(space).keySet());
        writer.save(parted, ProfileTrees.writeRandomTree(kit.dir("parted"), 80, 100, 83));
        Head partedHead = kit.provider().readHead(parted).orElseThrow();
        String part = null;
        for (String blob : kit.provider().listBlobs(space).keySet()) {
            byte[] b = stored(kit, space, blob);
            // of the blobs this save wrote, the packs of its 100-byte files are at most a 4 KiB chunk, the record
            // and the list of parts small: a blob over 6 KB is a part (the other session's packs may be larger)
            if (!earlier.contains(blob) && !blob.equals(partedHead.snapshotId()) && !blob.equals(partedHead.manifestId()) && b.length > 6000) {
                part = blob;
            }
        }
        assertNotNull(part, "the manifest was stored in parts");
        byte[] original = stored(kit, space, part);
        replace(kit, space, part, flipped(original));
        Path partTarget = kit.dir("target-part");
        BrowserStateManager partReader = smallBlobs(kit, keys);
        CorruptDataException partError = assertThrows(CorruptDataException.class, () -> partReader.restore(parted, partTarget));
        assertEquals(parted, partError.sessionId());
        assertFalse(Files.exists(partTarget), "a failed restore leaves no target behind");
        replace(kit, space, part, original);
        smallBlobs(kit, keys).restore(parted, kit.dir("after-part"));

        String sealed = head.attributes().get("browserstate.sealed");
        assertNotNull(sealed, "the head's attributes are sealed: " + head.attributes().keySet());
        char c = sealed.charAt(sealed.length() / 2);
        String tampered = sealed.substring(0, sealed.length() / 2) + (c == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() / 2 + 1);
        Head bad = new Head(head.version(), head.manifestId(), head.snapshotId(), head.history(), head.createdAt(), head.updatedAt(),
                head.accessedAt(), head.sizeBytes(), head.fileCount(), head.browserVersion(), Map.of("browserstate.sealed", tampered));
        assertTrue(kit.provider().compareAndSetHead(id, head.version(), bad, null, null).published());
        BrowserStateManager m = encrypted(kit, keys);
        assertThrows(CorruptDataException.class, () -> m.info(id));
        restoreFails(kit, m, id, CorruptDataException.class);
    }

    /**
     * A chunk's bytes stored under another chunk's id, and a session pointed at another user's record
     * and manifest copied into its space: both are refused as corrupt, because each blob is bound to its
     * id and its place.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("a blob copied to another id, from one user's space into another's, or a record into another session's head, is refused")
    default void aBlobMovedToAnotherPlaceIsRefused(KitStore kit) {
        BrowserStateManager m = encrypted(kit, keys("k1", Map.of("k1", key(5))));
        SessionId a = SessionId.of(kit.user() + "-a", "s");
        SessionId b = SessionId.of(kit.user() + "-b", "s");
        m.save(a, ProfileTrees.writeRandomTree(kit.dir("a"), 4, 5000, 51));
        m.save(b, ProfileTrees.writeRandomTree(kit.dir("b"), 4, 40_000, 52));
        BlobSpace spaceA = BlobSpace.shared(a.userId());
        BlobSpace spaceB = BlobSpace.shared(b.userId());
        Head headA = kit.provider().readHead(a).orElseThrow();
        Head headB = kit.provider().readHead(b).orElseThrow();

        // within a space: one chunk's bytes under another chunk's id
        List<String> chunksB = new ArrayList<>(kit.provider().listBlobs(spaceB).keySet());
        chunksB.removeAll(List.of(headB.manifestId(), headB.snapshotId()));
        replace(kit, spaceB, chunksB.get(0), stored(kit, spaceB, chunksB.get(1)));
        restoreFails(kit, m, b, CorruptDataException.class);

        // across spaces: a's record and manifest (and chunks) copied into b's space, b's head pointed at them
        List<Blob> copies = new ArrayList<>();
        for (String id : kit.provider().listBlobs(spaceA).keySet()) {
            copies.add(new Blob(id, stored(kit, spaceA, id)));
        }
        kit.provider().putBlobs(spaceB, copies);
        Head moved = new Head(headB.version(), headA.manifestId(), headA.snapshotId(), List.of(), headB.createdAt(), headB.updatedAt(),
                headB.accessedAt(), headA.sizeBytes(), headA.fileCount(), null, Map.of());
        assertTrue(kit.provider().compareAndSetHead(b, headB.version(), moved, null, null).published());
        restoreFails(kit, m, b, CorruptDataException.class);

        // within one user's space: another session's record (records belong to their session), or a head whose
        // manifest is not its record's
        SessionId a2 = SessionId.of(a.userId(), "s2");
        BrowserStateManager fresh = encrypted(kit, keys("k1", Map.of("k1", key(5))));
        fresh.save(a2, ProfileTrees.writeRandomTree(kit.dir("a2"), 2, 1000, 53));
        Head headA2 = kit.provider().readHead(a2).orElseThrow();
        Head borrowed = new Head(headA2.version(), headA.manifestId(), headA.snapshotId(), List.of(), headA2.createdAt(),
                headA2.updatedAt(), headA2.accessedAt(), headA.sizeBytes(), headA.fileCount(), null, Map.of());
        assertTrue(kit.provider().compareAndSetHead(a2, headA2.version(), borrowed, null, null).published());
        restoreFails(kit, encrypted(kit, keys("k1", Map.of("k1", key(5)))), a2, CorruptDataException.class);
        Head mismatched = new Head(headA2.version(), headA.manifestId(), headA2.snapshotId(), List.of(), headA2.createdAt(),
                headA2.updatedAt(), headA2.accessedAt(), headA.sizeBytes(), headA.fileCount(), null, Map.of());
        assertTrue(kit.provider().compareAndSetHead(a2, headA2.version(), mismatched, null, null).published());
        // the newest restore follows the head, and is refused; a restore of version 1 follows the record, which is intact
        Path target = kit.dir("mismatched");
        BrowserStateManager reader = encrypted(kit, keys("k1", Map.of("k1", key(5))));
        assertThrows(CorruptDataException.class, () -> reader.restore(a2, target));
        assertFalse(Files.exists(target));
    }

    /**
     * Saves under key A, rotates to B (A kept for reading) and saves again, restores both versions,
     * rekeys (a session whose lease is held is reported and finished by a second run), drops A, and
     * restores both versions again; after the grace period a collection leaves no blob under A.
     *
     * @param kit the store under test
     * @throws InterruptedException when interrupted while waiting out the grace period
     */
    @Test
    @DisplayName("rotation: saved under A, B current with A for reading, rekey (resumable), A dropped: every kept version restores")
    default void rotationAndRekeyRetireTheOldKey(KitStore kit) throws InterruptedException {
        byte[] a = key(6);
        byte[] b = key(7);
        SessionId one = kit.sid("one");
        SessionId two = kit.sid("two");
        Path v1 = ProfileTrees.writeRandomTree(kit.dir("v1"), 8, 20_000, 61);
        BrowserStateManager underA = encrypted(kit, keys("A", Map.of("A", a)));
        underA.save(one, v1, marked());
        underA.save(two, v1);
        SortedMap<String, String> first = ProfileTrees.describe(v1);

        BrowserStateManager underB = encrypted(kit, keys("B", Map.of("B", b, "A", a)));
        underB.restore(one, 1, kit.dir("v1-under-b"));
        assertEquals(first, ProfileTrees.describe(kit.dir("v1-under-b")));
        ProfileTrees.write(v1.resolve("d0/changed.txt"), "after the rotation".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, underB.save(one, v1).version());
        SortedMap<String, String> second = ProfileTrees.describe(v1);
        underB.restore(one, 1, kit.dir("one-v1"));
        underB.restore(one, 2, kit.dir("one-v2"));
        assertEquals(first, ProfileTrees.describe(kit.dir("one-v1")));
        assertEquals(second, ProfileTrees.describe(kit.dir("one-v2")));

        // a worker holds session two: the first run rewrites one and reports two; the second finishes two
        RekeyReport partial;
        try (var held = encrypted(kit, keys("A", Map.of("A", a))).mount(two)) {
            partial = underB.rekey(kit.user());
            assertNotNull(held.directory());
        }
        assertEquals(List.of(one), partial.rekeyed());
        assertEquals(Set.of(two), partial.notRekeyed().keySet());
        assertEquals(1, partial.snapshotsRewritten(), "only version 1 of one was under A");
        RekeyReport rest = underB.rekey(kit.user());
        assertEquals(List.of(two), rest.rekeyed());
        assertEquals(1, rest.alreadyCurrent());
        assertTrue(rest.complete());
        assertEquals(2, underB.rekey(kit.user()).alreadyCurrent(), "a third run finds nothing to do");

        BrowserStateManager onlyB = encrypted(kit, keys("B", Map.of("B", b)));
        onlyB.restore(one, 1, kit.dir("one-v1-b"));
        onlyB.restore(one, 2, kit.dir("one-v2-b"));
        onlyB.restore(two, kit.dir("two-b"));
        assertEquals(first, ProfileTrees.describe(kit.dir("one-v1-b")));
        assertEquals(second, ProfileTrees.describe(kit.dir("one-v2-b")));
        assertEquals(first, ProfileTrees.describe(kit.dir("two-b")));
        assertEquals(ATTRIBUTE_MARKER, onlyB.info(one).orElseThrow().attributes().get("owner"));
        assertEquals("B", restoreFails(kit, encrypted(kit, keys("A", Map.of("A", a))), one, EncryptionKeyException.class).keyId());

        kit.waitOutGrace();
        onlyB.collectGarbage(kit.user());
        Function<byte[], String> keyOf = blob -> blob[2] == 1 ? new String(blob, 4, blob[3], StandardCharsets.US_ASCII) : "plain";
        List<String> ids = new ArrayList<>(kit.provider().listBlobs(kit.space()).keySet());
        Set<String> keysLeft = new HashSet<>();
        kit.provider().getBlobs(kit.space(), ids).forEach(blob -> keysLeft.add(keyOf.apply(blob)));
        assertEquals(Set.of("B"), keysLeft, "after rekey and a collection, nothing is stored under A");
    }

    /**
     * Options that name encryption without a key, or a key where its reference belongs, are refused
     * before anything is opened, and the message does not echo the value.
     *
     * @param kit the store under test
     */
    @Test
    @DisplayName("encryption without a key, or a key pasted where its reference belongs, is refused without echoing it; the sealed attribute name is reserved")
    default void misconfiguredEncryptionIsRefused(KitStore kit) {
        var e = assertThrows(io.browserstate.api.InvalidConfigurationException.class,
                () -> kit.engineOptions().keyProvider(null).encryption(BrowserStateOptions.AES_256_GCM).build());
        assertTrue(String.valueOf(e.getMessage()).contains("needs a key"), e.getMessage());
        String pasted = KeyProviders.newKey();
        e = assertThrows(io.browserstate.api.InvalidConfigurationException.class,
                () -> kit.engineOptions().keyProvider(null).encryptionKeys(List.of(pasted)).build());
        assertFalse(String.valueOf(e.getMessage()).contains(pasted), e.getMessage());
        Path dir = ProfileTrees.writeRandomTree(kit.dir("reserved"), 1, 10, 71);
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class, () -> kit.manager().save(kit.sid("reserved"), dir,
                new SaveOptions(null, Map.of("browserstate.sealed", "mine"))));
        assertTrue(String.valueOf(reserved.getMessage()).contains("reserved"), reserved.getMessage());
        assertFalse(kit.manager().exists(kit.sid("reserved")));
    }
}
