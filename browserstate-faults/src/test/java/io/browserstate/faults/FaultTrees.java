package io.browserstate.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Profile-shaped trees that are a function of a number {@code k}, so that a campaign can tell which
 * save a restored profile came from: a cookie database and a leveldb log rewritten by every version,
 * IndexedDB files that come and go, preferences as text, a large blob that changes every third version
 * and files that never change (what a delta save reuses).
 */
final class FaultTrees {
    /** The size of a tree: {@code SMALL} for campaigns that save many times a second, {@code PROFILE} for the kill campaign. */
    enum Size {
        SMALL(64 * 1024, 6, 4 * 1024),
        PROFILE(2 * 1024 * 1024, 24, 48 * 1024);

        final int blob;
        final int constantFiles;
        final int constantSize;

        Size(int blob, int constantFiles, int constantSize) {
            this.blob = blob;
            this.constantFiles = constantFiles;
            this.constantSize = constantSize;
        }
    }

    private FaultTrees() {
    }

    /** The files of tree {@code k}, by path relative to the profile root. */
    static Map<String, byte[]> files(long k, Size size) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Random r = new Random(k * 7919 + 17);
        out.put("Local State", "{\"profile\":{\"info_cache\":{\"Default\":{\"name\":\"fault\"}}}}".getBytes(StandardCharsets.UTF_8));
        out.put("Default/Preferences", ("{\"version\":" + k + ",\"session\":{\"restore_on_startup\":1}}").getBytes(StandardCharsets.UTF_8));
        out.put("Default/Cookies", bytes(r, 16 * 1024 + (int) (k % 7) * 512));
        out.put("Default/Local Storage/leveldb/000003.log", bytes(r, 24 * 1024));
        out.put("Default/IndexedDB/https_app.example_0.indexeddb.leveldb/" + String.format("%06d", k % 5) + ".ldb", bytes(r, 8 * 1024));
        out.put("Default/blob_storage/large.bin", bytes(new Random(k / 3 * 31 + 5), size.blob));
        Random constant = new Random(42);
        for (int i = 0; i < size.constantFiles; i++) {
            out.put("Default/Extension State/" + String.format("%06d", i) + ".ldb", bytes(constant, size.constantSize));
        }
        return out;
    }

    /** Replaces everything in {@code dir} by tree {@code k}. */
    static void write(Path dir, long k, Size size) {
        try {
            clear(dir);
            for (Map.Entry<String, byte[]> e : files(k, size).entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes everything under {@code dir}, keeping {@code dir}. */
    static void clear(Path dir) throws IOException {
        io.browserstate.core.tree.Trees.delete(dir);
        Files.createDirectories(dir);
    }

    /** What tree {@code k} holds: every file's path and the SHA-256 of its content. */
    static SortedMap<String, String> expected(long k, Size size) {
        SortedMap<String, String> out = new TreeMap<>();
        files(k, size).forEach((path, data) -> out.put(path, sha256(data)));
        return out;
    }

    /** What {@code dir} holds, in the form of {@link #expected}. */
    static SortedMap<String, String> contents(Path dir) {
        SortedMap<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), sha256(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The tree {@code k} among {@code candidates} that {@code dir} holds, or -1 when it holds none of them. */
    static long whichOf(Path dir, Size size, long... candidates) {
        SortedMap<String, String> got = contents(dir);
        for (long k : candidates) {
            if (got.equals(expected(k, size))) {
                return k;
            }
        }
        return -1;
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
