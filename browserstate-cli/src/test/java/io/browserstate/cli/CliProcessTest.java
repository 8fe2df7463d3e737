package io.browserstate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.MountedSession;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.BrowserStateConfig;
import io.browserstate.core.KeyProviders;
import io.browserstate.redis.junit.RedisConfig;
import io.browserstate.redis.junit.RedisExtension;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.tck.ProfileTrees;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real runnable jar, run as a process against a real redis-server: every command, its JSON, its exit codes. */
@ExtendWith(RedisExtension.class)
class CliProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("cli.jar", "target/browserstate-cli-0.1.0-SNAPSHOT-all.jar"));

    @TempDir
    Path temp;

    record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON (exit " + code + ", stderr " + err + "): " + out, e);
            }
        }
    }

    private Run cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString()),
                env, args);
    }

    /** Through the launcher script users run, with this JDK's java first on the PATH. */
    private Run launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Map<String, String> withJava = new HashMap<>(env);
        // a PATH in env comes first (a test's own java); then this JVM's
        String first = env.containsKey("PATH") ? env.get("PATH") + java.io.File.pathSeparator : "";
        withJava.put("PATH", first + Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        return run(List.of("bash", JAR.toAbsolutePath().getParent().getParent().resolve("browserstate").toString()), withJava, args);
    }

    private Run run(List<String> launch, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launch);
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(temp.resolve("out.txt").toFile())
                .redirectError(temp.resolve("err.txt").toFile());
        pb.environment().remove("BROWSERSTATE_URI");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("browserstate " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Run(p.exitValue(), Files.readString(temp.resolve("out.txt")), Files.readString(temp.resolve("err.txt")));
    }

    private static Map<String, String> store(RedisServer redis, String prefix) {
        return Map.of("BROWSERSTATE_URI", redis.uri() + "?keyPrefix=" + prefix);
    }

    @Test
    @DisplayName("every command on a real Redis, its --json parsed: import, ls, info, history, diff, export, fork, rollback, verify, stats, gc, migrate, rm")
    void everyCommandWithJson(RedisServer redis) throws Exception {
        Map<String, String> env = store(redis, "cli-" + UUID.randomUUID().toString().substring(0, 8));
        Path profile = ProfileTrees.writeRandomTree(temp.resolve("profile"), 12, 30_000, 5);

        // unpacked (an engine option on the command line), so that every file is a chunk of its own and the stats
        // below can be exact; packing's own accounting is the kit's (blobSizesAndUsage)
        Run first = cli(env, "import", "--json", "-o", "packSmallFiles=false", profile.toString(), "alice/login");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.json().get("version").asLong()).isEqualTo(1);
        assertThat(first.json().get("files").asLong()).isEqualTo(12);
        ProfileTrees.write(profile.resolve("Default/Cookies"), "session=abc".getBytes(StandardCharsets.UTF_8));
        assertThat(cli(env, "import", "--json", "-o", "packSmallFiles=false", profile.toString(), "alice/login").json().get("version").asLong())
                .isEqualTo(2);

        JsonNode ls = cli(env, "ls", "--json", "alice").json();
        assertThat(ls.get("rows")).hasSize(1);
        assertThat(ls.get("rows").get(0).get("session").asText()).isEqualTo("alice/login");
        assertThat(ls.get("rows").get(0).get("files").asLong()).isEqualTo(13);

        assertThat(cli(env, "import", profile.toString(), "zed/other").code()).isZero();
        JsonNode users = cli(env, "ls", "--json", "--limit", "1").json();
        assertThat(users.get("rows")).singleElement().satisfies(r -> assertThat(r.get("user").asText()).isEqualTo("alice"));
        JsonNode rest = cli(env, "ls", "--json", "--cursor", users.get("nextCursor").asText()).json();
        assertThat(rest.get("rows")).singleElement().satisfies(r -> assertThat(r.get("user").asText()).isEqualTo("zed"));
        assertThat(rest.get("nextCursor").isNull()).isTrue();

        JsonNode info = cli(env, "info", "--json", "alice/login").json();
        assertThat(info.get("version").asLong()).isEqualTo(2);
        assertThat(cli(env, "history", "--json", "alice/login").json().get("rows")).hasSize(2);
        JsonNode diff = cli(env, "diff", "--json", "alice/login", "1", "2").json().get("rows");
        assertThat(diff).anySatisfy(c -> {
            assertThat(c.get("kind").asText()).isEqualTo("added");
            assertThat(c.get("path").asText()).isEqualTo("Default/Cookies");
        });

        Run export = cli(env, "export", "--json", "alice/login", temp.resolve("exported").toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.err()).as("no progress bar when output is not a terminal").doesNotContain("transferring", "[#");
        assertThat(ProfileTrees.describe(temp.resolve("exported"))).isEqualTo(ProfileTrees.describe(profile));
        assertThat(cli(env, "export", "--json", "--version", "1", "alice/login", temp.resolve("v1").toString()).code()).isZero();
        assertThat(temp.resolve("v1/Default/Cookies")).doesNotExist();

        JsonNode fork = cli(env, "fork", "--json", "alice/login", "alice/worker-1").json();
        assertThat(fork.get("session").asText()).isEqualTo("alice/worker-1");
        assertThat(cli(env, "rollback", "--json", "alice/login", "1").json().get("version").asLong()).isEqualTo(3);

        JsonNode verify = cli(env, "verify", "--json", "--user", "alice").json().get("rows");
        assertThat(verify).hasSize(2).allSatisfy(r -> assertThat(r.get("result").asText()).isEqualTo("ok"));
        JsonNode stats = cli(env, "stats", "--json", "alice").json();
        assertThat(stats.get("sessions").asLong()).isEqualTo(2);
        // alice/login keeps v1, v2 and v3 (= v1); alice/worker-1 is v2: four snapshots over two trees' chunks
        long v1 = cli(env, "history", "--json", "alice/login").json().get("rows").findValuesAsText("bytes").stream()
                .mapToLong(Long::parseLong).min().orElseThrow();
        assertThat(stats.get("snapshots").asLong()).isEqualTo(4);
        assertThat(stats.get("keptBytes").asLong()).isEqualTo(2 * v1 + 2 * (v1 + 11));
        assertThat(stats.get("uniqueBytes").asLong()).as("each chunk counted once").isEqualTo(v1 + 11);
        assertThat(stats.get("bytesReferenced").asLong()).isPositive().isLessThanOrEqualTo(stats.get("bytesStored").asLong());
        assertThat(stats.get("blobsReferenced").asLong()).isLessThanOrEqualTo(stats.get("blobsStored").asLong());
        assertThat(stats.get("sharingRatio").asDouble()).as("four snapshots share one copy of the chunks").isGreaterThan(2.5);
        JsonNode perUser = cli(env, "stats", "--json").json();
        assertThat(perUser.get("users").asLong()).isEqualTo(2);
        assertThat(perUser.get("rows").findValuesAsText("user")).containsExactly("alice", "zed");
        assertThat(perUser.get("bytesStored").asLong()).isGreaterThan(stats.get("bytesStored").asLong());
        assertThat(cli(env, "gc", "--json", "alice").json().get("blobsReferenced").asLong()).isPositive();
        assertThat(cli(env, "migrate", "--json", "alice").json().get("alreadyCurrent").asLong()).isEqualTo(2);

        assertThat(cli(env, "rm", "--json", "alice/worker-1").json().get("deleted").asText()).isEqualTo("alice/worker-1");
        Run gone = cli(env, "info", "alice/worker-1");
        assertThat(gone.code()).isEqualTo(BrowserStateCli.NOT_FOUND);
        assertThat(gone.err()).contains("alice/worker-1");

        Run table = cli(env, "ls", "alice");
        assertThat(table.code()).isZero();
        assertThat(table.out()).startsWith("SESSION").contains("alice/login");
    }

    @Test
    @DisplayName("rekey seals a plain user's sessions under the configured key")
    void rekey(RedisServer redis) throws Exception {
        Map<String, String> env = new HashMap<>(store(redis, "cli-k-" + UUID.randomUUID().toString().substring(0, 8)));
        env.put("CLI_TEST_KEY", KeyProviders.newKey());
        Path profile = ProfileTrees.writeRandomTree(temp.resolve("p"), 3, 2000, 1);
        assertThat(cli(env, "import", profile.toString(), "bob/s").code()).isZero();
        Run rekey = cli(env, "rekey", "--json", "-o", "encryption=aes-256-gcm", "-o", "encryptionKeys=k1=env:CLI_TEST_KEY", "bob");
        assertThat(rekey.code()).as(rekey.err()).isZero();
        assertThat(rekey.json().get("rekeyed").get(0).asText()).isEqualTo("bob/s");
        Run without = cli(env, "export", "bob/s", temp.resolve("nokey").toString());
        assertThat(without.code()).as(without.err()).isEqualTo(BrowserStateCli.KEY);
    }

    @Test
    @DisplayName("exit codes: not found, conflict, corrupt, unreachable, invalid configuration, usage; no password printed")
    void exitCodes(@RedisConfig(password = "cli-secret-9f2") RedisServer redis) throws Exception {
        String prefix = "cli-x-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = store(redis, prefix);
        Path profile = ProfileTrees.writeRandomTree(temp.resolve("p"), 4, 5000, 2);
        assertThat(cli(env, "import", profile.toString(), "carol/s").code()).isZero();

        assertThat(cli(env, "info", "carol/none").code()).isEqualTo(BrowserStateCli.NOT_FOUND);
        try (BrowserStateManager holder = BrowserState.open(BrowserStateConfig.of(redis.uri() + "?keyPrefix=" + prefix)
                .withOption("workDirectory", temp.resolve("work").toString()));
             MountedSession held = holder.mount(SessionId.of("carol", "s"))) {
            Run conflict = cli(env, "import", profile.toString(), "carol/s");
            assertThat(conflict.code()).isEqualTo(BrowserStateCli.CONFLICT);
            assertThat(conflict.err()).contains("its lease is held by");
            held.discard();
        }
        for (String key : redis.cli("--scan", "--pattern", prefix + ":*").split("\\s+")) {
            if (key.contains(":c:")) {
                redis.cli("SET", key, "garbage");
            }
        }
        Run corrupt = cli(env, "verify", "carol/s");
        assertThat(corrupt.code()).isEqualTo(BrowserStateCli.CORRUPT);
        assertThat(corrupt.out()).contains("FAILED");

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run unreachable = cli(Map.of(), "ls", "--uri", "redis://:cli-secret-9f2@127.0.0.1:" + closed + "/0?connectTimeout=2s", "carol");
        assertThat(unreachable.code()).isEqualTo(BrowserStateCli.UNREACHABLE);
        assertThat(unreachable.err()).contains("nothing accepts connections there");
        Run invalid = cli(env, "ls", "-o", "compresion=zstd", "carol");
        assertThat(invalid.code()).isEqualTo(BrowserStateCli.INVALID);
        assertThat(invalid.err()).contains("did you mean 'compression'?");
        assertThat(cli(env, "no-such-command").code()).isEqualTo(BrowserStateCli.USAGE);
        for (Run r : List.of(unreachable, invalid, corrupt)) {
            assertThat(r.out() + r.err()).doesNotContain("cli-secret-9f2");
        }
    }

    @Test
    @DisplayName("doctor: persistence off warns with exit 8; a well-configured server is clean with exit 0")
    void doctor(RedisServer unsafe, @RedisConfig(appendOnly = true, config = "maxmemory-policy noeviction") RedisServer safe)
            throws Exception {
        Run bad = cli(Map.of("BROWSERSTATE_URI", unsafe.uri().toString()), "doctor", "--json");
        assertThat(bad.code()).isEqualTo(BrowserStateCli.UNHEALTHY);
        assertThat(bad.json().get("healthy").asBoolean()).isFalse();
        assertThat(bad.json().get("rows").toString()).contains("persistence is off");
        Run good = cli(Map.of("BROWSERSTATE_URI", safe.uri().toString()), "doctor", "--json");
        assertThat(good.code()).as(good.err()).isZero();
        assertThat(good.json().get("rows")).isEmpty();
        assertThat(good.json().get("latencyMicros").asLong()).isPositive();
    }

    @Test
    @DisplayName("migrate --to copies every session of a user into another store (Redis to file:); --from-legacy brings the original library's sessions in")
    void migrateBetweenStores(RedisServer redis) throws Exception {
        String prefix = "cli-m-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = store(redis, prefix);
        Path profile = ProfileTrees.writeRandomTree(temp.resolve("p"), 5, 4000, 3);
        assertThat(cli(env, "import", profile.toString(), "dave/a").code()).isZero();
        assertThat(cli(env, "import", profile.toString(), "dave/b").code()).isZero();
        String fs = temp.resolve("fs-store").toUri().toString();
        Run moved = cli(env, "migrate", "--json", "--to", fs, "dave");
        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(moved.json().get("rows")).hasSize(2).allSatisfy(r -> assertThat(r.get("result").asText()).isEqualTo("ok"));
        Run onFs = cli(Map.of("BROWSERSTATE_URI", fs), "export", "dave/b", temp.resolve("from-fs").toString());
        assertThat(onFs.code()).as(onFs.err()).isZero();
        assertThat(ProfileTrees.describe(temp.resolve("from-fs"))).isEqualTo(ProfileTrees.describe(profile));

        try (io.browserstate.legacy.LegacySessions legacy = io.browserstate.legacy.LegacySessions.connect(redis.uri().toString())) {
            legacy.writeLegacyZip(SessionId.of("erin", "old"), profile, java.time.Duration.ofHours(1));
        }
        Run fromLegacy = cli(env, "migrate", "--json", "--from-legacy", redis.uri().toString(), "erin");
        assertThat(fromLegacy.code()).as(fromLegacy.err() + fromLegacy.out()).isZero();
        assertThat(fromLegacy.json().get("rows")).singleElement().satisfies(r -> assertThat(r.get("action").asText()).isEqualTo("migrated"));
        assertThat(cli(env, "export", "erin/old", temp.resolve("from-legacy").toString()).code()).isZero();
        // the legacy ZIP keeps mtimes to 2 s only: compare everything else
        assertThat(withoutMtimes(ProfileTrees.describe(temp.resolve("from-legacy")))).isEqualTo(withoutMtimes(ProfileTrees.describe(profile)));
    }

    @Test
    @DisplayName("export to a .tar.zst file and import it back as another session: the same tree; a file whose names leave the directory is refused")
    void tarZstBothWays(RedisServer redis) throws Exception {
        Map<String, String> env = store(redis, "cli-t-" + UUID.randomUUID().toString().substring(0, 8));
        Path profile = ProfileTrees.writeRealisticProfile(temp.resolve("p"));
        assertThat(cli(env, "import", profile.toString(), "fay/a").code()).isZero();
        Path file = temp.resolve("fay.tar.zst");
        Run export = cli(env, "export", "--json", "fay/a", file.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.json().get("fileBytes").asLong()).isEqualTo(Files.size(file));
        Run imported = cli(env, "import", "--json", file.toString(), "fay/b");
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(cli(env, "export", "fay/b", temp.resolve("b").toString()).code()).isZero();
        assertThat(ProfileTrees.describe(temp.resolve("b"))).isEqualTo(ProfileTrees.describe(exportDir(env, "fay/a")));

        Path hostile = temp.resolve("hostile.tar.zst");
        try (var out = new com.github.luben.zstd.ZstdOutputStream(Files.newOutputStream(hostile));
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("../escaped.txt");
            byte[] data = "out".getBytes(StandardCharsets.UTF_8);
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        Run refused = cli(env, "import", hostile.toString(), "fay/c");
        assertThat(refused.code()).isEqualTo(BrowserStateCli.CORRUPT);
        assertThat(refused.err()).contains("../escaped.txt").contains("leaves the directory");
        assertThat(cli(env, "info", "fay/c").code()).isEqualTo(BrowserStateCli.NOT_FOUND);
        assertThat(Path.of(System.getProperty("java.io.tmpdir")).resolve("escaped.txt")).doesNotExist();
    }

    @Test
    @DisplayName("the launcher records a class-data archive on the first command that opens a store, maps it on the next, and keeps stdout clean when it cannot")
    void launcherSharesClassData(RedisServer redis) throws Exception {
        Path cache = temp.resolve("cache");
        Map<String, String> env = new HashMap<>(store(redis, "cds-" + UUID.randomUUID().toString().substring(0, 8)));
        env.put("BROWSERSTATE_CACHE", cache.toString());
        Path profile = ProfileTrees.writeRandomTree(temp.resolve("profile"), 5, 20_000, 9);

        assertThat(launcher(env, "--version").code()).isZero();
        assertThat(cache).as("a command that opens no store records nothing").doesNotExist();
        Run failed = launcher(env, "info", "--json", "nobody/none");
        assertThat(failed.code()).isEqualTo(BrowserStateCli.NOT_FOUND);
        assertThat(archives(cache)).as("a failed command publishes no archive, complete or not").isEmpty();

        Run first = launcher(env, "import", "--json", profile.toString(), "cds/a");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.json().get("files").asLong()).isEqualTo(5);
        assertThat(archives(cache)).singleElement().satisfies(a -> assertThat(a.getFileName().toString()).matches("cli-\\d+\\.jsa"));

        Path classLog = temp.resolve("classes.log");
        Map<String, String> logged = new HashMap<>(env);
        logged.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        Run second = launcher(logged, "import", "--json", profile.toString(), "cds/b");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.json().get("files").asLong()).isEqualTo(5);
        List<String> lines = Files.readAllLines(classLog);
        assertThat(lines.stream().filter(l -> l.contains("io.lettuce.core.RedisClient ")))
                .as("Lettuce comes from the recorded archive").singleElement().satisfies(l -> assertThat(l).contains("source: shared objects file"));
        assertThat(lines.stream().filter(l -> l.contains("picocli.CommandLine ")))
                .as("picocli (class-file version 49, which a dynamic archive leaves out) comes from it too")
                .singleElement().satisfies(l -> assertThat(l).contains("source: shared objects file"));
        long fromJar = lines.stream().filter(l -> l.contains("source: file:")).count();
        long shared = lines.stream().filter(l -> l.contains("source: shared objects file")).count();
        assertThat(fromJar * 20).as("at most one class in 20 comes from the jar (those this import needs and the first did not): "
                + fromJar + " from the jar, " + shared + " shared").isLessThan(shared);

        Path archive = archives(cache).get(0);
        Files.delete(archive); // it is read-only
        Files.write(archive, "not an archive".getBytes(StandardCharsets.UTF_8));
        Run damaged = launcher(env, "ls", "--json", "cds");
        assertThat(damaged.code()).as(damaged.err()).isZero();
        assertThat(damaged.json().get("rows")).hasSize(2);

        env.put("BROWSERSTATE_CDS", "off");
        Files.delete(archives(cache).get(0));
        assertThat(launcher(env, "ls", "--json", "cds").code()).isZero();
        assertThat(archives(cache)).as("BROWSERSTATE_CDS=off records nothing").isEmpty();
    }

    @Test
    @DisplayName("a JDK that cannot build the class-data archive: the command still succeeds, and later commands do not try again")
    void launcherRemembersAJdkThatCannotBuildTheArchive(RedisServer redis) throws Exception {
        Path cache = temp.resolve("cache-nodump");
        Path bin = Files.createDirectories(temp.resolve("nodump-bin"));
        Path attempts = temp.resolve("dump-attempts");
        Path java = bin.resolve("java");
        // this JDK, except that it fails every -Xshare:dump, as a JDK built without CDS does
        Files.writeString(java, "#!/bin/sh\ncase \" $* \" in *\" -Xshare:dump \"*) echo dump >> '" + attempts + "'; exit 1;; esac\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Map<String, String> env = new HashMap<>(store(redis, "nodump-" + UUID.randomUUID().toString().substring(0, 8)));
        env.put("BROWSERSTATE_CACHE", cache.toString());
        env.put("PATH", bin.toString());
        Path profile = ProfileTrees.writeRandomTree(temp.resolve("profile-nodump"), 3, 10_000, 5);

        Run first = launcher(env, "import", "--json", profile.toString(), "nd/a");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.json().get("files").asLong()).isEqualTo(3);
        assertThat(Files.readAllLines(attempts)).as("the first store command tried once").hasSize(1);
        assertThat(archives(cache)).as("no archive, and nothing left of the attempt but its marker").singleElement()
                .satisfies(a -> assertThat(a.getFileName().toString()).matches("cli-\\d+\\.failed"));

        Run second = launcher(env, "ls", "--json", "nd");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.json().get("rows")).hasSize(1);
        assertThat(Files.readAllLines(attempts)).as("the next command did not try again").hasSize(1);
    }

    private static List<Path> archives(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (var files = Files.list(cache)) {
            return files.toList();
        }
    }

    private Path exportDir(Map<String, String> env, String id) throws Exception {
        Path dir = temp.resolve("exported-" + id.replace('/', '-'));
        assertThat(cli(env, "export", id, dir.toString()).code()).isZero();
        return dir;
    }

    private static Map<String, String> withoutMtimes(Map<String, String> described) {
        Map<String, String> out = new java.util.TreeMap<>();
        described.forEach((k, v) -> out.put(k, v.startsWith("file ") ? v.substring(0, v.lastIndexOf(' ')) : v));
        return out;
    }
}
