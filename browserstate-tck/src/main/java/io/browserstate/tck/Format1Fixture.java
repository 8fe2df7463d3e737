package io.browserstate.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The trees of the format-1 fixtures: session {@code alice/profile} saved three times by the code of
 * commit 73997e2 (before shared spaces), with {@code src/fixtures/WriteFormat1Fixtures.java} of this
 * module, which writes the same trees. Stores' tests keep the stored result as a resource and check
 * that it restores and migrates.
 *
 * @since 0.3
 */
public final class Format1Fixture {
    /** The user of the fixture's session. */
    public static final String USER = "alice";
    /** The fixture's session. */
    public static final String SESSION = "profile";
    /** How many versions were saved; all three are kept. */
    public static final int VERSIONS = 3;

    private Format1Fixture() {
    }

    /**
     * Writes version {@code v} of the tree, as the fixture writer did.
     *
     * @param tree the directory to write into
     * @param v the version, 1 to {@value #VERSIONS}
     * @return {@code tree}
     */
    public static Path writeTree(Path tree, int v) {
        try {
            Files.createDirectories(tree.resolve("Default/Local Storage/leveldb"));
            Files.writeString(tree.resolve("Local State"), "{\"profile\":{\"info_cache\":{\"Default\":{\"name\":\"alice\"}}},\"v\":" + v + "}");
            Files.writeString(tree.resolve("Default/Preferences"), "{\"browser\":{\"has_seen_welcome_page\":true}}".repeat(50));
            StringBuilder cookies = new StringBuilder();
            for (int i = 0; i < 400 * v; i++) {
                cookies.append("cookie-").append(i).append("=value-").append(i * 7919 % 10007).append(";\n");
            }
            Files.writeString(tree.resolve("Default/Cookies"), cookies);
            byte[] big = new byte[60_000];
            new Random(42).nextBytes(big);
            big[v] = (byte) v;
            Files.write(tree.resolve("Default/Local Storage/leveldb/000003.log"), big);
            if (v < 3) {
                Files.writeString(tree.resolve("Default/Local Storage/leveldb/LOCK"), "");
            }
            if (v >= 2) {
                Files.writeString(tree.resolve("Default/Bookmarks"), "{\"roots\":{\"v\":" + v + "}}");
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The files of a tree by path, each with the SHA-256 of its content: what a restore of the fixture
     * must give back (modification times are not compared, the trees being written anew; Chromium's
     * {@code LOCK} files are never saved).
     *
     * @param tree the directory
     * @return path to content digest, for regular files
     */
    public static SortedMap<String, String> contents(Path tree) {
        SortedMap<String, String> out = new TreeMap<>();
        ProfileTrees.describe(tree).forEach((path, what) -> {
            if (what.startsWith("file ") && !path.endsWith("/LOCK")) {
                out.put(path, what.split(" ")[2]);
            }
        });
        return out;
    }

    /**
     * {@link #contents} of version {@code v}, written into a fresh directory under {@code work}.
     *
     * @param work a scratch directory
     * @param v the version
     * @return what version {@code v} holds
     */
    public static SortedMap<String, String> expected(Path work, int v) {
        return contents(writeTree(work.resolve("expected-v" + v + "-" + System.nanoTime()), v));
    }
}
