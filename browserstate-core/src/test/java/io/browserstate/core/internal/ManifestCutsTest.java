package io.browserstate.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Where a large manifest is cut into parts: bounded, complete, and stable around an edit. */
class ManifestCutsTest {

    private static byte[] manifestLike(int entries, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("{\"format\":2,\"entries\":[");
        for (int i = 0; i < entries; i++) {
            byte[] id = new byte[32];
            r.nextBytes(id);
            b.append("{\"path\":\"Default/IndexedDB/origin_").append(i % 97).append("/blob/").append(i)
                    .append("\",\"type\":\"file\",\"size\":").append(r.nextInt(5000)).append(",\"chunks\":[\"")
                    .append(io.browserstate.core.tree.Hashing.sha256(id)).append("\"]},");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> parts(byte[] json, int[] cuts) {
        List<byte[]> parts = new ArrayList<>();
        int off = 0;
        for (int cut : cuts) {
            parts.add(Arrays.copyOfRange(json, off, cut));
            off = cut;
        }
        return parts;
    }

    @Test
    @DisplayName("parts cover the manifest in order, each at least 8 KiB (but the last) and at most the largest part")
    void boundedAndComplete() {
        byte[] json = manifestLike(20_000, 1);
        int max = 200 * 1024;
        int[] cuts = ManifestStore.cuts(json, max);
        assertEquals(json.length, cuts[cuts.length - 1]);
        int off = 0;
        for (int k = 0; k < cuts.length; k++) {
            int len = cuts[k] - off;
            assertTrue(len <= max, "part " + k + " is " + len + " bytes");
            assertTrue(len >= 8 * 1024 || k == cuts.length - 1, "part " + k + " is " + len + " bytes");
            off = cuts[k];
        }
        assertTrue(cuts.length >= json.length / max, cuts.length + " parts for " + json.length + " bytes");
    }

    @Test
    @DisplayName("an entry changed in the middle changes one or two parts; the others keep their bytes")
    void anEditChangesOnlyTheNearbyParts() {
        byte[] before = manifestLike(20_000, 2);
        String text = new String(before, StandardCharsets.UTF_8);
        int at = text.indexOf("/blob/10000\"");
        byte[] after = (text.substring(0, at) + "/blob/10000-renamed-and-longer\"" + text.substring(at + "/blob/10000\"".length()))
                .getBytes(StandardCharsets.UTF_8);
        List<byte[]> a = parts(before, ManifestStore.cuts(before, ManifestStore.MANIFEST_PART_BYTES));
        List<byte[]> b = parts(after, ManifestStore.cuts(after, ManifestStore.MANIFEST_PART_BYTES));
        Set<String> old = new HashSet<>();
        a.forEach(p -> old.add(io.browserstate.core.tree.Hashing.sha256(p)));
        long newBytes = b.stream().filter(p -> !old.contains(io.browserstate.core.tree.Hashing.sha256(p))).mapToLong(p -> p.length).sum();
        long newParts = b.stream().filter(p -> !old.contains(io.browserstate.core.tree.Hashing.sha256(p))).count();
        assertTrue(a.size() > 10, a.size() + " parts");
        assertTrue(newParts <= 2, newParts + " of " + b.size() + " parts changed");
        assertTrue(newBytes < after.length / 5, newBytes + " of " + after.length + " bytes in changed parts");
    }

    @Test
    @DisplayName("where the manifest repeats itself (two copies of a large file list the same chunk ids) the parts still all differ")
    void repeatedContentGivesDistinctParts() {
        byte[] half = manifestLike(6_000, 3);
        byte[] json = new byte[half.length * 2];
        System.arraycopy(half, 0, json, 0, half.length);
        System.arraycopy(half, 0, json, half.length, half.length);
        int[] cuts = ManifestStore.cuts(json, ManifestStore.MANIFEST_PART_BYTES);
        List<byte[]> parts = parts(json, cuts);
        Set<String> ids = new HashSet<>();
        parts.forEach(p -> ids.add(io.browserstate.core.tree.Hashing.sha256(p)));
        assertEquals(parts.size(), ids.size(), "parts named twice");
        assertEquals(json.length, cuts[cuts.length - 1]);
    }
}
