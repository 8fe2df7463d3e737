package io.browserstate.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds profile-shaped directory trees and describes trees for comparison. Used by the kit, and
 * useful in any backend's own tests.
 *
 * @since 0.1
 */
public final class ProfileTrees {
    private ProfileTrees() {
    }

    /**
     * A small tree shaped like a Chromium profile: nested directories, an empty directory, an empty
     * file, text and binary files, a 1.5 MB file spanning several chunks, unicode names, mode bits
     * 0755 and 0600, set mtimes, an in-tree relative symlink, plus caches and a {@code SingletonLock}
     * that a save must leave out.
     *
     * @param dir where to write the tree; created when missing
     * @return {@code dir}
     */
    public static Path writeRealisticProfile(Path dir) {
        try {
            Random r = new Random(42);
            Files.createDirectories(dir);
            write(dir.resolve("Local State"), "{\"browser\":{\"enabled_labs_experiments\":[]}}".getBytes(StandardCharsets.UTF_8));
            write(dir.resolve("Default/Preferences"), "{\"profile\":{\"name\":\"Person 1\"}}".getBytes(StandardCharsets.UTF_8));
            write(dir.resolve("Default/Cookies"), random(r, 20_480));
            write(dir.resolve("Default/Cookies-journal"), new byte[0]);
            write(dir.resolve("Default/Local Storage/leveldb/000003.log"), text(r, 40_000));
            write(dir.resolve("Default/Local Storage/leveldb/CURRENT"), "MANIFEST-000001\n".getBytes(StandardCharsets.UTF_8));
            write(dir.resolve("Default/IndexedDB/http_127.0.0.1_8080.indexeddb.leveldb/000005.ldb"), random(r, 1_500_000));
            write(dir.resolve("Default/Ünïcödé 名前 🍪.txt"), "unicode name".getBytes(StandardCharsets.UTF_8));
            write(dir.resolve("Default/bin/run.sh"), "#!/bin/sh\necho ok\n".getBytes(StandardCharsets.UTF_8));
            Files.setPosixFilePermissions(dir.resolve("Default/bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
            write(dir.resolve("Default/.secret"), "token".getBytes(StandardCharsets.UTF_8));
            Files.setPosixFilePermissions(dir.resolve("Default/.secret"), PosixFilePermissions.fromString("rw-------"));
            Files.createDirectories(dir.resolve("Default/Empty Dir"));
            Files.createDirectories(dir.resolve("Default/links"));
            Files.createSymbolicLink(dir.resolve("Default/links/prefs-link"), Path.of("../Preferences"));
            write(dir.resolve("Default/Cache/Cache_Data/data_0"), random(r, 8192));
            write(dir.resolve("Default/Code Cache/js/index"), random(r, 4096));
            write(dir.resolve("GPUCache/data_1"), random(r, 4096));
            Files.createSymbolicLink(dir.resolve("SingletonLock"), Path.of("host-12345"));
            Files.createSymbolicLink(dir.resolve("SingletonSocket"), Path.of("/tmp/.org.chromium.Chromium.x/SingletonSocket"));
            FileTime t = FileTime.fromMillis(1_700_000_000_123L);
            Files.setLastModifiedTime(dir.resolve("Default/Preferences"), t);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code files} files of {@code fileSize} bytes: half random, half compressible text.
     *
     * @param dir where to write the files
     * @param files how many files to write
     * @param fileSize the size of each file in bytes
     * @param seed the seed of the random content; the same seed writes the same tree
     * @return {@code dir}
     */
    public static Path writeRandomTree(Path dir, int files, int fileSize, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < files; i++) {
            Path p = dir.resolve("d" + (i % 7)).resolve("f" + i + ".bin");
            write(p, i % 2 == 0 ? random(r, fileSize) : text(r, fileSize));
        }
        return dir;
    }

    /**
     * Writes a file, creating parents.
     *
     * @param p the file
     * @param data its content
     */
    public static void write(Path p, byte[] data) {
        try {
            Files.createDirectories(p.getParent());
            Files.write(p, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Random, incompressible bytes.
     *
     * @param r the source of randomness
     * @param n how many bytes
     * @return {@code n} random bytes
     */
    public static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /**
     * Compressible, JSON-ish text.
     *
     * @param r the source of randomness
     * @param n how many bytes
     * @return {@code n} bytes of ASCII text
     */
    public static byte[] text(Random r, int n) {
        StringBuilder sb = new StringBuilder(n + 64);
        while (sb.length() < n) {
            sb.append("{\"key\":\"k").append(r.nextInt(1000)).append("\",\"value\":").append(r.nextInt(100000)).append("}\n");
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Describes every entry under {@code dir}: files by size, SHA-256, mode and mtime (ms); directories
     * by mode; links by target. Two trees are equal when their descriptions are equal.
     *
     * @param dir the root of the tree
     * @return the description of each entry, by its path relative to {@code dir} (with {@code /} separators)
     */
    public static SortedMap<String, String> describe(Path dir) {
        SortedMap<String, String> out = new TreeMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(dir)) {
                        out.put(rel(dir, d), "dir " + mode(d));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink()) {
                        out.put(rel(dir, f), "link -> " + Files.readSymbolicLink(f));
                    } else {
                        out.put(rel(dir, f), "file " + attrs.size() + " " + sha256(Files.readAllBytes(f)) + " " + mode(f)
                                + " " + attrs.lastModifiedTime().toMillis());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * The SHA-256 of {@code data}, as lowercase hex.
     *
     * @param data the bytes to hash
     * @return the digest in lowercase hex
     */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
