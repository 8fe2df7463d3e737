package io.browserstate.legacy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.legacy.LegacyFormat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** The safe reader against crafted values beyond the public fixtures. */
class LegacyRestorerTest {

    private static final SessionId ID = SessionId.of("mallory", "crafted");

    @TempDir
    Path temp;

    private final LegacyRestorer restorer = new LegacyRestorer(1024 * 1024, 1000);

    private Path target() {
        return temp.resolve("a/b/c/target");
    }

    private void assertRefused(byte[] value, String... mentions) {
        assertThatThrownBy(() -> restorer.restore(ID, value, target()))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageStartingWith("Session mallory/crafted: ")
                .hasMessageContainingAll(mentions);
        assertThat(target()).doesNotExist();
        try (Stream<Path> left = Files.list(temp.resolve("a/b/c"))) {
            assertThat(left).as("no staging directory is left behind").isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void seedJsonNestedTooDeepIsCorruptNotANullPointer() {
        // found by LegacyValueFuzzTest: Jackson's nesting limit carries no location, which the message read
        assertRefused((" \n{\"a\":" + "[".repeat(5000)).getBytes(java.nio.charset.StandardCharsets.UTF_8), "not valid JSON", "nesting depth");
    }

    @Test
    @DisplayName("a symlink whose target climbs out through another in-tree link is refused")
    void restoreWhenLinkEscapesThroughAnotherLinkThenRefused() {
        byte[] value = Zips.builder().link("m", ".").dir("x/y").link("x/y/l", "../../m/..").value();
        assertRefused(value, "x/y/l", "leaves the tree");
    }

    @Test
    @DisplayName("a link that climbs out through a link to an ancestor below Default is refused")
    void restoreWhenLinkEscapesThroughAncestorLinkThenRefused() {
        byte[] value = Zips.builder().dir("Default/x").link("Default/x/root", "../..").link("Default/Cookies", "x/root/../../outside/c").value();
        assertRefused(value, "Default/Cookies", "leaves the tree");
        assertThat(Files.exists(temp.resolve("a/b/outside"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    @DisplayName("symlinks that form a cycle are refused")
    void restoreWhenLinksFormACycleThenRefused() {
        assertRefused(Zips.builder().link("a", "b").link("b", "a").value(), "cycle");
    }

    @Test
    @DisplayName("an in-tree relative link to a directory is created, after the files, as a link")
    void restoreWhenLinkStaysInsideThenCreatedAsLink() throws Exception {
        byte[] value = Zips.builder().dir("docs").file("docs/f.txt", "hello").dir("deep/er").link("deep/er/alias", "../../docs").value();

        LegacyRestorer.Outcome outcome = restorer.restore(ID, value, target());

        assertThat(outcome.symlinks()).isEqualTo(1);
        assertThat(Files.isSymbolicLink(target().resolve("deep/er/alias"))).isTrue();
        assertThat(Files.readSymbolicLink(target().resolve("deep/er/alias"))).hasToString("../../docs");
        assertThat(target().resolve("deep/er/alias/f.txt")).hasContent("hello");
    }

    @Test
    @DisplayName("an absolute link target is refused even when it points into the target")
    void restoreWhenLinkTargetAbsoluteThenRefused() {
        assertRefused(Zips.builder().link("l", target().resolve("x").toString()).value(), "absolute target");
    }

    @Test
    @DisplayName("an entry below a regular file is refused")
    void restoreWhenEntryBelowFileThenRefused() {
        assertRefused(Zips.builder().file("a", "x").file("a/b", "y").value(), "\"a/b\"", "which is a file");
    }

    @Test
    @DisplayName("the same name twice is refused")
    void restoreWhenNameRepeatsThenRefused() {
        assertRefused(Zips.builder().file("a.txt", "x").file("a.txt", "y").value(), "occurs twice");
    }

    @Test
    @DisplayName("backslashes, drive prefixes, empty and '.' segments are refused, not repaired")
    void restoreWhenNameMalformedThenRefused() {
        byte[] marked = Zips.builder().file("Default_x", "x").zip();
        byte[] backslash = Zips.replaceAll(marked, "Default_x", "Default\\x");
        assertRefused(Zips.base64(backslash), "backslash");
        assertRefused(Zips.builder().file("C:/x", "x").value(), "drive prefix");
        assertRefused(Zips.builder().file("a//b", "x").value(), "empty segment");
        assertRefused(Zips.builder().file("./a", "x").value(), "'.' segment");
        assertRefused(Zips.builder().file("a/../../b", "x").value(), "'..' segment");
    }

    @Test
    @DisplayName("a CRC mismatch is refused")
    void restoreWhenCrcWrongThenRefused() {
        byte[] zip = Zips.builder().storedFile("f.bin", "0123456789".getBytes(StandardCharsets.US_ASCII)).zip();
        byte[] damaged = zip.clone();
        int data = indexOf(damaged, "0123456789".getBytes(StandardCharsets.US_ASCII));
        damaged[data] = 'X';
        assertRefused(Zips.base64(damaged), "f.bin", "CRC-32");
    }

    @Test
    @DisplayName("an entry whose data is longer than the central directory says is refused")
    void restoreWhenSizeUnderstatedThenRefused() {
        byte[] zip = Zips.builder().file("f.bin", new byte[5000], 0100644).zip();
        // central directory header: uncompressed size (4 bytes) at offset 24; claim 100 bytes
        byte[] patched = Zips.patchEveryHeader(zip, Zips.CENTRAL_HEADER, 24, 100);
        assertRefused(Zips.base64(patched), "f.bin", "more data than its declared size");
    }

    @Test
    @DisplayName("a value expanding beyond maxRestoreBytes is refused (zip bomb)")
    void restoreWhenExpansionExceedsLimitThenRefused() {
        byte[] value = Zips.builder().file("bomb.bin", new byte[2 * 1024 * 1024], 0100644).value();
        assertThat(value.length).isLessThan(20_000);
        assertRefused(value, "bomb.bin", "1048576");
    }

    @Test
    @DisplayName("a value with more entries than maxRestoreEntries is refused")
    void restoreWhenTooManyEntriesThenRefused() {
        Zips zips = Zips.builder();
        for (int i = 0; i < 1001; i++) {
            zips.file("f" + i, "");
        }
        assertRefused(zips.value(), "1001 entries");
    }

    @Test
    @DisplayName("compression methods other than STORED and DEFLATE are refused")
    void restoreWhenMethodUnsupportedThenRefused() {
        byte[] zip = Zips.builder().file("f.txt", "hello").zip();
        byte[] patched = Zips.patchEveryHeader(Zips.patchEveryHeader(zip, Zips.LOCAL_HEADER, 8, 12), Zips.CENTRAL_HEADER, 10, 12);
        assertRefused(Zips.base64(patched), "f.txt", "compression method 12");
    }

    @Test
    @DisplayName("Singleton* entries are dropped at any depth, also when they are links out of the tree")
    void restoreWhenSingletonEntriesPresentThenDropped() throws Exception {
        byte[] value = Zips.builder()
                .link("SingletonLock", "host-4242")
                .link("SingletonSocket", "/tmp/.org.chromium.Chromium.x/SingletonSocket")
                .link("SingletonCookie", "/tmp/.org.chromium.Chromium.x/SingletonCookie")
                .dir("Default").file("Default/SingletonLock", "x").file("Default/Preferences", "{}")
                .value();

        LegacyRestorer.Outcome outcome = restorer.restore(ID, value, target());

        assertThat(outcome.dropped()).containsExactlyInAnyOrder("SingletonLock", "SingletonSocket", "SingletonCookie", "Default/SingletonLock");
        try (Stream<Path> top = Files.list(target())) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly("Default");
        }
        assertThat(target().resolve("Default/SingletonLock")).doesNotExist();
    }

    @Test
    @DisplayName("permission bits are applied, owner access kept, set-uid never")
    void restoreWhenModesRecordedThenPermissionsApplied() throws Exception {
        byte[] value = Zips.builder().dir("ro", 0555).file("ro/run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII), 0104755)
                .file("secret", "s".getBytes(StandardCharsets.US_ASCII), 0100600).value();

        restorer.restore(ID, value, target());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target().resolve("ro/run.sh")))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target().resolve("secret")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target().resolve("ro")))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target()))).isEqualTo("rwx------");
    }

    @Test
    @DisplayName("an archive of an empty directory (only the end record) restores an empty profile")
    void restoreWhenArchiveEmptyThenEmptyDirectory() throws Exception {
        byte[] value = "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==".getBytes(StandardCharsets.US_ASCII);

        LegacyRestorer.Outcome outcome = restorer.restore(ID, value, target());

        assertThat(outcome.format()).isEqualTo(LegacyFormat.ZIP_V2);
        assertThat(target()).isEmptyDirectory();
    }

    @Test
    @DisplayName("base64 of something that is not a ZIP archive is refused")
    void restoreWhenBase64OfNonZipThenRefused() {
        assertRefused("aGVsbG8gd29ybGQh".getBytes(StandardCharsets.US_ASCII), "does not decode to a ZIP archive");
    }

    @Test
    @DisplayName("seed JSON: bare-string and text records are UTF-8 text, 0-byte binary records become empty files")
    void restoreWhenSeedUsesAllRecordFormsThenWritesExactBytes() throws Exception {
        String json = "  \n{\"userId\":\"u\",\"sessionId\":\"s\",\"files\":{\"bare.txt\":\"Grüße\\n\","
                + "\"Default/t.txt\":{\"type\":\"text\",\"content\":\"漢字\"},"
                + "\"Default/b.bin\":{\"type\":\"binary\",\"content\":\"AAH/\",\"size\":3,\"mtime\":1735732800000},"
                + "\"empty\":{\"type\":\"binary\",\"content\":\"\",\"size\":0}},\"updatedAt\":\"2026-11-29T11:23:32.582Z\"}";

        LegacyRestorer.Outcome outcome = restorer.restore(ID, json.getBytes(StandardCharsets.UTF_8), target());

        assertThat(outcome.format()).isEqualTo(LegacyFormat.SEED_JSON_V1);
        assertThat(outcome.updatedAt()).isEqualTo("2026-11-29T11:23:32.582Z");
        assertThat(target().resolve("bare.txt")).hasBinaryContent("Grüße\n".getBytes(StandardCharsets.UTF_8));
        assertThat(target().resolve("Default/t.txt")).hasBinaryContent("漢字".getBytes(StandardCharsets.UTF_8));
        assertThat(target().resolve("Default/b.bin")).hasBinaryContent(new byte[] {0, 1, (byte) 0xff});
        assertThat(Files.getLastModifiedTime(target().resolve("Default/b.bin")).toMillis()).isEqualTo(1735732800000L);
        assertThat(target().resolve("empty")).isEmptyFile();
    }

    @Test
    @DisplayName("seed JSON: unknown record types, bad base64, duplicates, trailing data and a missing files member are refused")
    void restoreWhenSeedMalformedThenRefused() {
        assertRefused(seed("{\"a\":{\"type\":\"gzip\",\"content\":\"\"}}"), "\"a\"", "unknown type \"gzip\"");
        assertRefused(seed("{\"a\":{\"type\":\"binary\",\"content\":\"@@@@\"}}"), "\"a\"", "not valid base64");
        assertRefused(seed("{\"a\":{\"type\":\"binary\",\"content\":\"AAA\"}}"), "\"a\"", "not valid base64");
        assertRefused(seed("{\"a\":{\"type\":\"binary\"}}"), "\"a\"", "no \"content\"");
        assertRefused(seed("{\"a\":\"x\",\"a\":\"y\"}"), "not valid JSON", "Duplicate");
        assertRefused(seed("{\"a\":42}"), "neither an object nor a string");
        assertRefused("{\"files\":{}} {}".getBytes(StandardCharsets.UTF_8), "after its JSON document");
        assertRefused("{\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8), "no \"files\" member");
        assertRefused(seed("{\"/etc/passwd\":\"x\"}"), "absolute name");
    }

    @Test
    @DisplayName("verify reads and checks every entry without writing anything")
    void verifyWhenValueValidThenCountsWithoutWriting() {
        byte[] value = Zips.builder().dir("d").file("d/f", "12345").link("l", "d/f").value();

        LegacyRestorer.Outcome outcome = restorer.verify(ID, value);

        assertThat(outcome.files()).isEqualTo(1);
        assertThat(outcome.bytes()).isEqualTo(5);
        assertThat(outcome.symlinks()).isEqualTo(1);
        assertThat(temp.resolve("a")).doesNotExist();
        assertThatThrownBy(() -> restorer.verify(ID, Zips.builder().file("../x", "1").value())).isInstanceOf(CorruptDataException.class);
    }

    @Test
    @DisplayName("format detection looks at the value only")
    void detectWhenGivenPrefixesThenRecognisesFormats() {
        assertThat(LegacyValues.detect(" \n{\"files\"".getBytes(StandardCharsets.US_ASCII))).isEqualTo(LegacyFormat.SEED_JSON_V1);
        assertThat(LegacyValues.detect("UEsDBBQACAAIAAAAIQA=".getBytes(StandardCharsets.US_ASCII))).isEqualTo(LegacyFormat.ZIP_V2);
        assertThat(LegacyValues.detect("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==".getBytes(StandardCharsets.US_ASCII))).isEqualTo(LegacyFormat.ZIP_V2);
        assertThat(LegacyValues.detect("hello".getBytes(StandardCharsets.US_ASCII))).isEqualTo(LegacyFormat.UNRECOGNIZED);
    }

    private static byte[] seed(String files) {
        return ("{\"userId\":\"u\",\"sessionId\":\"s\",\"files\":" + files + ",\"updatedAt\":\"2026-01-01T00:00:00.000Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    static boolean existsNoFollow(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
