package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.memory.MemoryStorageProvider;
import io.browserstate.spi.HeadFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of restore input (jqwik): manifests built from hostile parts (paths with
 * {@code ..}, absolute paths, backslashes, NULs, long segments; every entry type and none; links out of
 * the tree; sizes and chunk lists that disagree; chunks in every codec, bombs, foreign ids), the same
 * manifests with bytes flipped, cut or repeated, blobs of random bytes for every codec, and head fields.
 * Invariants: a restore ends in success or a {@code BrowserStateException} subtype, never anything
 * else; it never writes outside its target, leaves no target when it fails, and never hangs (30 s).
 * CI runs {@code jqwik.tries.default} tries per property (src/test/resources/junit-platform.properties);
 * {@code -Djqwik.tries.default=N} runs more.
 */
class RestoreInputFuzzTest {
    private static final String USER = "fuzz";
    private static Path sandbox;
    private static MemoryStorageProvider provider;
    private static StorePlanter planter;
    private static BrowserStateManager states;
    private static ExecutorService runner;
    private static List<String> chunks;
    private static int session;

    @BeforeContainer
    static void open() throws IOException {
        sandbox = Files.createTempDirectory("fuzz-restore");
        Files.writeString(Files.createDirectories(sandbox.resolve("outside")).resolve("secret"), "must stay");
        BrowserStateOptions options = BrowserStateOptions.builder().workDirectory(sandbox.resolve("mounts")).maxRestoreBytes(64L << 20)
                .maxRestoreFiles(10_000).build();
        provider = MemoryStorageProvider.open("fuzz-" + ProcessHandle.current().pid());
        planter = new StorePlanter(provider, options, USER);
        states = BrowserState.create(provider, options);
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-restore");
            t.setDaemon(true);
            return t;
        });
        chunks = plantChunks();
    }

    @AfterContainer
    static void close() throws IOException {
        states.close();
        runner.shutdownNow();
        MemoryStorageProvider.clear("fuzz-" + ProcessHandle.current().pid());
        io.browserstate.core.tree.Trees.delete(sandbox);
    }

    /** Genuine chunks in every codec, and chunks that lie: bombs, wrong ids, cut bodies, unknown codecs. */
    private static List<String> plantChunks() {
        List<String> ids = new ArrayList<>();
        Codecs codecs = Codecs.load(RestoreInputFuzzTest.class.getClassLoader());
        Random r = new Random(1);
        byte[][] contents = {"hello".getBytes(StandardCharsets.UTF_8), new byte[4096], random(r, 4096), random(r, 10_000)};
        for (byte[] content : contents) {
            for (String codec : List.of("none", "gzip", "zstd", "lz4")) {
                byte[] plain = java.util.Arrays.copyOf(content, content.length + codec.length());
                System.arraycopy(codec.getBytes(StandardCharsets.US_ASCII), 0, plain, content.length, codec.length());
                String id = io.browserstate.core.tree.Hashing.sha256(plain);
                planter.putRaw(id, BlobFormat.encode(plain, 0, plain.length, codecs.get(codec)));
                ids.add(id);
            }
            ids.add(planter.put(content));
        }
        // a genuine blob stored under another blob's id
        planter.putRaw(String.format("%064x", 5), BlobFormat.encode(contents[0], 0, contents[0].length, codecs.get("zstd")));
        ids.add(String.format("%064x", 5));
        // a zstd bomb: 64 MB of zeros in a few KB, its header claiming 4096 bytes
        byte[] zeros = new byte[64 << 20];
        byte[] bomb = BlobFormat.encode(zeros, 0, zeros.length, codecs.get("zstd"));
        int p = 3 + 1 + (bomb[3] & 0xff);
        bomb[p] = 0;
        bomb[p + 1] = 0;
        bomb[p + 2] = 0x10;
        bomb[p + 3] = 0;
        planter.putRaw(String.format("%064x", 1), bomb);
        ids.add(String.format("%064x", 1));
        planter.putRaw(String.format("%064x", 2), StorePlanter.claiming(Integer.MAX_VALUE));
        ids.add(String.format("%064x", 2));
        planter.putRaw(String.format("%064x", 3), random(r, 100));
        ids.add(String.format("%064x", 3));
        ids.add(String.format("%064x", 4)); // missing
        return ids;
    }

    // ------------------------------------------------------------------------------------ properties

    @Property
    void hostileManifestsRestoreOrFailTyped(@ForAll("manifests") String json, @ForAll("mutations") Mutation mutation) throws Exception {
        byte[] bytes = mutation.apply(json.getBytes(StandardCharsets.UTF_8));
        SessionId id = SessionId.of(USER, "s" + (session++));
        planter.publish(id, planter.put(bytes));
        checkRestore(id, json, mutation);
    }

    @net.jqwik.api.Example
    void aPackOffsetThatWrapsAroundIsRefused() {
        // offset + size overflows a long: added, it would look in range and reach the write as a negative index
        String chunk = chunks.get(9); // 4,096 zeros, stored as the engine stores them: the pack itself is genuine
        String json = "{\"format\":2,\"createdAt\":\"2026-12-07T00:00:00Z\",\"compression\":\"zstd\",\"encryption\":\"none\",\"entries\":["
                + "{\"path\":\"a\",\"type\":\"file\",\"mode\":420,\"mtime\":1700000000000000000,\"size\":5,\"chunks\":[\"" + chunk + "\"],"
                + "\"packOffset\":" + (Long.MAX_VALUE - 2) + ",\"packLength\":4096,\"digest\":\"" + chunk + "\"}]}";
        SessionId id = SessionId.of(USER, "wraps");
        planter.publish(id, planter.put(json.getBytes(StandardCharsets.UTF_8)));
        Path target = sandbox.resolve("wraps");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> states.restore(id, target))
                .isInstanceOf(io.browserstate.api.CorruptDataException.class).hasMessageContaining("invalid pack reference");
        assertThat(target).doesNotExist();
    }

    @Property
    void blobsOfEveryCodecDecodeOrFailTyped(@ForAll("blobs") byte[] blob) {
        Codecs codecs = Codecs.load(RestoreInputFuzzTest.class.getClassLoader());
        try {
            BlobFormat.decode(String.format("%064x", 9), blob, -1, 1 << 20, codecs);
        } catch (IllegalStateException e) {
            // what the callers turn into CorruptDataException
        }
    }

    @Property
    void headFieldsDecodeOrFailTyped(@ForAll("headFields") Map<String, String> fields) {
        try {
            HeadFields.fromFields(SessionId.of(USER, "head"), fields, "the fuzzer");
        } catch (io.browserstate.api.CorruptDataException e) {
            assertThat(e.getMessage()).contains("fuzz/head");
        }
    }

    // -------------------------------------------------------------------------------------- checking

    private static void checkRestore(SessionId id, String json, Mutation mutation) throws Exception {
        SortedMap<String, String> before = snapshotOutside();
        Path target = sandbox.resolve("target");
        io.browserstate.core.tree.Trees.delete(target);
        Future<?> restore = runner.submit(() -> states.restore(id, target));
        Throwable failure = null;
        try {
            restore.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            restore.cancel(true);
            throw new AssertionError("the restore hung (30 s) on manifest " + json + " with " + mutation);
        }
        if (failure != null && !(failure instanceof BrowserStateException)) {
            throw new AssertionError("the restore threw " + failure + ", not a BrowserStateException, on manifest " + json + " with " + mutation,
                    failure);
        }
        net.jqwik.api.statistics.Statistics.label("restore").collect(failure == null ? "restored" : failure.getClass().getSimpleName() + ": "
                + reason(failure.getMessage()));
        if (failure != null) {
            assertThat(target).as("a failed restore leaves no target: " + failure.getMessage()).doesNotExist();
        } else {
            checkInside(target);
        }
        assertThat(snapshotOutside()).as("nothing outside the target changed").isEqualTo(before);
        io.browserstate.core.tree.Trees.delete(target);
    }

    /** The kind of a refusal, for the statistics: its message without ids, paths and numbers. */
    private static String reason(String message) {
        String m = message.replaceAll("[0-9a-f]{64}", "ID").replaceAll("\"[^\"]*\"", "P").replaceAll("'[^']*'", "P")
                .replaceAll("-?[0-9]+", "N").replaceFirst("^Session [^:]*: ", "");
        return m.length() > 70 ? m.substring(0, 70) : m;
    }

    /** Every link the restore made resolves inside the target, as the kernel follows it. */
    private static void checkInside(Path target) throws IOException {
        Path real = target.toRealPath();
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : walk.toList()) {
                assertThat(p.normalize().startsWith(target)).as(p.toString()).isTrue();
                if (Files.isSymbolicLink(p) && Files.exists(p)) {
                    assertThat(p.toRealPath().startsWith(real)).as("link " + p + " -> " + Files.readSymbolicLink(p) + " leaves the target").isTrue();
                }
            }
        }
    }

    /**
     * Every path of the sandbox but the target and the mount directory, with its size: the restore stages
     * beside the target, so a staging directory left behind shows here too.
     */
    private static SortedMap<String, String> snapshotOutside() throws IOException {
        SortedMap<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(sandbox)) {
            for (Path p : walk.toList()) {
                String rel = sandbox.relativize(p).toString();
                if (rel.equals("target") || rel.startsWith("target/") || rel.startsWith("mounts")) {
                    continue;
                }
                out.put(rel, Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Long.toString(Files.size(p)) : "other");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> manifests() {
        Arbitrary<String> segment = mostly(Arbitraries.of("a", "b", "Default", "Local Storage", "é", "~", "target", "CON", "c"),
                Arbitraries.of("..", ".", "", "c:d", "x\\y", "nul\u0000", "%2e%2e", "a".repeat(300), "..\\.."));
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l))
                .injectDuplicates(0.2).edgeCases(e -> e.add("/etc/passwd"));
        Arbitrary<String> type = mostly(Arbitraries.of("\"file\"", "\"file\"", "\"dir\"", "\"symlink\""), Arbitraries.of("\"fifo\"", "null", "7"));
        Arbitrary<String> mode = mostly(Arbitraries.of("null", "420", "493", "448", "511"), Arbitraries.of("0", "2541", "-1", "2147483647", "\"rwx\""));
        Arbitrary<String> size = mostly(Arbitraries.of("0", "5", "4096", "10000", "4101", "10005"),
                Arbitraries.of("null", "-1", "1099511627776", "9223372036854775807", "1.5"));
        Arbitrary<String> chunkSize = mostly(Arbitraries.of("4096", "524288"), Arbitraries.of("null", "0", "-5", "1"));
        Arbitrary<String> chunkList = Arbitraries.of(chunks).map(c -> "\"" + c + "\"")
                .list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]")
                .edgeCases(e -> e.add("null"));
        Arbitrary<String> target = mostly(Arbitraries.of("\"a\"", "\"a/b/c\"", "\"Default\"", "\"../a\"", "\".\""),
                Arbitraries.of("\"../..\"", "\"/etc/passwd\"", "\"../outside\"", "\"b/../../x\"", "null", "\"..\"", "\"../../outside/secret\""));
        // a third of the entries claim a slice of a pack: offsets and lengths in and out of range, digests right or wrong
        Arbitrary<String> pack = Combinators.combine(Arbitraries.of("0", "5", "4096", "-1", "9999999999", "9223372036854775807", "null"),
                Arbitraries.of("10000", "4101", "4096", "0", "-1", "5000000", "null"), Arbitraries.of(chunks).map(c -> "\"" + c + "\"")
                        .edgeCases(e -> e.add("null")))
                .as((offset, length, digest) -> ",\"packOffset\":" + offset + ",\"packLength\":" + length + ",\"digest\":" + digest);
        Arbitrary<String> packed = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just(""), pack);
        Arbitrary<String> entry = Combinators.combine(List.of(path.map(p -> "\"" + p.replace("\\", "\\\\").replace("\u0000", "\\u0000") + "\""),
                type, mode, size, chunkSize, chunkList, target, packed)).as(f -> "{\"path\":" + f.get(0) + ",\"type\":" + f.get(1) + ",\"mode\":" + f.get(2)
                + ",\"mtime\":1700000000000000000,\"size\":" + f.get(3) + ",\"chunkSize\":" + f.get(4) + ",\"chunks\":" + f.get(5)
                + ",\"target\":" + f.get(6) + f.get(7) + "}");
        return entry.list().ofMaxSize(6).map(l -> "{\"format\":2,\"createdAt\":\"2026-12-02T00:00:00Z\",\"compression\":\"zstd\","
                + "\"encryption\":\"none\",\"entries\":[" + String.join(",", l) + "]}");
    }

    /** Nine of ten from {@code usual}, one from {@code hostile}: a manifest holds several entries, and one hostile field refuses it all. */
    private static <T> Arbitrary<T> mostly(Arbitrary<T> usual, Arbitrary<T> hostile) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, usual), net.jqwik.api.Tuple.of(1, hostile));
    }

    /** What a hostile or broken store does to a manifest's bytes. */
    record Mutation(String kind, int position, int amount) {
        byte[] apply(byte[] b) {
            if (b.length == 0) {
                return b;
            }
            int at = Math.floorMod(position, b.length);
            switch (kind) {
                case "none":
                    return b;
                case "flip": {
                    byte[] c = b.clone();
                    c[at] ^= (byte) (1 + Math.floorMod(amount, 255));
                    return c;
                }
                case "cut":
                    return java.util.Arrays.copyOf(b, at);
                case "repeat": {
                    int n = Math.min(b.length - at, 1 + Math.floorMod(amount, 64));
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at + n);
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    return c;
                }
                default:
                    throw new IllegalStateException(kind);
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.of("none", "none", "none", "none", "flip", "cut", "repeat"), Arbitraries.integers(), Arbitraries.integers())
                .as(Mutation::new);
    }

    @Provide
    Arbitrary<byte[]> blobs() {
        Codecs codecs = Codecs.load(RestoreInputFuzzTest.class.getClassLoader());
        Arbitrary<byte[]> genuine = Combinators.combine(Arbitraries.of("none", "gzip", "zstd", "lz4"),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3000)).as((codec, plain) -> BlobFormat.encode(plain, 0, plain.length, codecs.get(codec)));
        return Combinators.combine(genuine, mutations()).as((b, m) -> m.apply(b))
                .edgeCases(e -> e.add(new byte[0]));
    }

    @Provide
    Arbitrary<Map<String, String>> headFields() {
        Arbitrary<String> key = Arbitraries.of(HeadFields.F_FORMAT, HeadFields.F_VERSION, HeadFields.F_MANIFEST, HeadFields.F_SNAPSHOT,
                HeadFields.F_HISTORY, HeadFields.F_CREATED, HeadFields.F_UPDATED, HeadFields.F_ACCESSED, HeadFields.F_SIZE, HeadFields.F_FILES,
                HeadFields.F_BROWSER, "attr.x", "attr.", "other");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("2", "1", "0", "-1", "", ",", "a,b", "2026-12-02T00:00:00Z", "9223372036854775808",
                String.format("%064x", 5)), Arbitraries.strings().ofMaxLength(20));
        return Arbitraries.maps(key, value).ofMaxSize(14).map(LinkedHashMap::new);
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

}
