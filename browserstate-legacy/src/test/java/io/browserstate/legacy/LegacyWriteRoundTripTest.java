package io.browserstate.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.SessionId;
import io.browserstate.api.SkippedFile;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The other way round: a profile written by Java in the legacy ZIP format is fetched with
 * {@code redis-cli}, base64-decoded and unpacked by the system's {@code unzip}, and must give the tree
 * that was saved.
 */
class LegacyWriteRoundTripTest {

    private static final String UNICODE_NAME = "Meine Notizen – ü漢字 😀.txt";

    @RegisterExtension
    static final TestKeyspace redis = new TestKeyspace();

    @TempDir
    Path temp;

    /** A profile-shaped tree with every kind of entry the format carries, and some it must leave out. */
    private Path profile() throws IOException {
        Path p = temp.resolve("profile");
        Files.createDirectories(p.resolve("Default/Local Storage/leveldb"));
        Files.createDirectories(p.resolve("docs/guides/deep/nested"));
        Files.createDirectories(p.resolve("empty-dir"));
        Files.createDirectories(p.resolve("links"));
        Files.createDirectories(p.resolve("notes dir"));
        Files.writeString(p.resolve("Default/Preferences"), "{\"profile\":{\"name\":\"Java\"}}");
        byte[] random = new byte[200_000];
        new Random(42).nextBytes(random);
        Files.write(p.resolve("Default/Local Storage/leveldb/000003.log"), random);
        Files.write(p.resolve("Default/empty.bin"), new byte[0]);
        Files.write(p.resolve("Default/zeros.bin"), new byte[100_000]);
        Files.writeString(p.resolve("docs/readme.txt"), "read me, please.\n");
        Files.writeString(p.resolve("docs/guides/deep/nested/level4.txt"), "four levels down\n");
        Files.writeString(p.resolve("notes dir/" + UNICODE_NAME), "Grüße – 漢字 😀\n");
        Path run = p.resolve("run.sh");
        Files.writeString(run, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dot = p.resolve(".dotfile");
        Files.writeString(dot, "private\n");
        Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(p.resolve("links/readme-link"), Path.of("../docs/readme.txt"));
        Files.createSymbolicLink(p.resolve("links/guides"), Path.of("../docs/guides"));
        Files.createSymbolicLink(p.resolve("links/absolute-inside"), p.resolve("docs/readme.txt").toAbsolutePath());
        // left out: Chromium's locks, a link leaving the profile, a socket
        Files.createSymbolicLink(p.resolve("SingletonLock"), Path.of("host-4242"));
        Files.createSymbolicLink(p.resolve("SingletonSocket"), Path.of("/tmp/.org.chromium.Chromium.x/SingletonSocket"));
        Files.createSymbolicLink(p.resolve("outside"), Path.of("/etc/hostname"));
        return p;
    }

    @Test
    @DisplayName("a profile Java saved in legacy mode, fetched with redis-cli and unpacked with unzip, is the same tree")
    void writeLegacyZipWhenUnpackedWithSystemUnzipThenSameTree() throws Exception {
        Path profile = profile();
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(profile.resolve("Default/ipc.sock")));
            Map<String, FileTree.Node> saved = FileTree.of(profile);
            SessionId id = SessionId.of("java", "round-trip");

            LegacyWriteResult written = redis.legacy().writeLegacyZip(id, profile, Duration.ofDays(7));

            assertThat(written.key()).isEqualTo(redis.key(id));
            assertThat(written.skipped()).extracting(SkippedFile::path)
                    .containsExactlyInAnyOrder("SingletonLock", "SingletonSocket", "outside", "Default/ipc.sock");
            Path zip = temp.resolve("value.zip");
            run(List.of("sh", "-c", "redis-cli -h " + redis.server().host() + " -p " + redis.server().port() + " --raw GET " + written.key() + " | base64 -d > '"
                    + zip + "'"));
            run(List.of("unzip", "-t", "-q", zip.toString()));
            Path unpacked = temp.resolve("unpacked");
            run(List.of("unzip", "-q", zip.toString(), "-d", unpacked.toString()));

            Map<String, FileTree.Node> expected = new TreeMap<>(saved);
            expected.keySet().removeAll(List.of("SingletonLock", "SingletonSocket", "outside", "Default/ipc.sock"));
            expected.put("links/absolute-inside", link("../docs/readme.txt"));
            assertThat(FileTree.of(unpacked)).isEqualTo(expected);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unpacked.resolve("run.sh")))).isEqualTo("rwxr-xr-x");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unpacked.resolve(".dotfile")))).isEqualTo("rw-------");
            assertThat(written.fileCount()).isEqualTo(expected.values().stream().filter(n -> n.type().equals("file")).count());

            // the same value restores to the same tree through this library's safe reader
            redis.legacy().restore(id, temp.resolve("restored"));
            assertThat(FileTree.of(temp.resolve("restored"))).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("the metadata is the TypeScript writer's compact JSON and both keys get the TTL")
    void writeLegacyZipWhenTtlGivenThenBothKeysExpireAndMetadataIsTsShaped() throws Exception {
        Path profile = temp.resolve("small");
        Files.createDirectories(profile.resolve("Default"));
        Files.writeString(profile.resolve("Default/Preferences"), "{}");
        SessionId id = SessionId.of("java", "ttl");

        LegacyWriteResult written = redis.legacy().writeLegacyZip(id, profile, Duration.ofHours(2));

        String metadata = redis.server().cli("--raw", "GET", redis.metadataKey(id)).strip();
        assertThat(metadata).isEqualTo("{\"timestamp\":" + written.timestamp().toEpochMilli() + ",\"fileCount\":0,\"version\":\"2.0\",\"encrypted\":false}");
        for (String key : List.of(redis.key(id), redis.metadataKey(id))) {
            long pttl = Long.parseLong(redis.server().cli("PTTL", key).strip());
            assertThat(pttl).as(key).isPositive().isLessThanOrEqualTo(Duration.ofHours(2).toMillis());
        }
        String value = redis.server().cli("--raw", "GET", redis.key(id));
        assertThat(value.strip()).startsWith("UEsDB").doesNotContain("\n").matches("[A-Za-z0-9+/]+={0,2}");
        assertThat(FileTree.sha256(value.strip().getBytes(StandardCharsets.US_ASCII))).isEqualTo(written.sha256());
        LegacySessionInfo info = redis.legacy().info(id).orElseThrow();
        assertThat(info.writer()).isEqualTo("ts-zip-v2");
        assertThat(info.format()).isEqualTo(LegacyFormat.ZIP_V2);

        redis.legacy().writeLegacyZip(id, profile, null);
        assertThat(redis.legacy().info(id).orElseThrow().expiresIn()).as("a write without TTL clears the expiry, as SET does").isEmpty();
    }

    private static FileTree.Node link(String target) {
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        return new FileTree.Node("symlink", bytes.length, FileTree.sha256(bytes), target);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s exit code; output: %s", command, text).isZero();
        return text;
    }
}
