package io.browserstate.legacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.SessionId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
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
 * Property-based fuzzing of the original library's values (jqwik): ZIP archives built from hostile
 * entries (traversal, absolute and backslashed names, links out of the tree, device modes, duplicates),
 * then bytes flipped, cut or repeated, then base64 as the original stores them; and JSON-looking values.
 * Invariants: success or a {@code BrowserStateException} subtype, nothing written outside the target, no
 * target after a failure, no hang (30 s).
 */
class LegacyValueFuzzTest {
    private static final SessionId ID = SessionId.of("fuzz", "legacy");
    private static Path sandbox;
    private static ExecutorService runner;
    private static final LegacyRestorer RESTORER = new LegacyRestorer(16L << 20, 1000);

    @BeforeContainer
    static void open() throws IOException {
        sandbox = Files.createTempDirectory("fuzz-legacy");
        Files.writeString(Files.createDirectories(sandbox.resolve("outside")).resolve("secret"), "must stay");
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-legacy");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterContainer
    static void close() throws IOException {
        runner.shutdownNow();
        io.browserstate.core.tree.Trees.delete(sandbox);
    }

    @Property
    void legacyValuesRestoreOrFailTyped(@ForAll("values") byte[] value) throws Exception {
        SortedMap<String, Long> before = outside();
        Path target = sandbox.resolve("target");
        io.browserstate.core.tree.Trees.delete(target);
        Future<?> restore = runner.submit(() -> RESTORER.restore(ID, value, target));
        Throwable failure = null;
        try {
            restore.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            restore.cancel(true);
            throw new AssertionError("the restore hung (30 s) on " + shown(value));
        }
        net.jqwik.api.statistics.Statistics.label("restore").collect(failure == null ? "restored" : failure.getClass().getSimpleName());
        if (failure != null && !(failure instanceof BrowserStateException)) {
            throw new AssertionError("the restore threw " + failure + " on " + shown(value), failure);
        }
        if (failure != null) {
            assertThat(target).as(failure.getMessage()).doesNotExist();
        } else {
            Path real = target.toRealPath();
            try (Stream<Path> walk = Files.walk(target)) {
                for (Path p : walk.toList()) {
                    if (Files.isSymbolicLink(p) && Files.exists(p)) {
                        assertThat(p.toRealPath().startsWith(real)).as("link " + p + " leaves the target").isTrue();
                    }
                }
            }
        }
        assertThat(outside()).as("nothing outside the target changed").isEqualTo(before);
        io.browserstate.core.tree.Trees.delete(target);
    }

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.of("Default/Preferences", "Default/Cookies", "Local State", "a/b/c", "Default/")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("../evil", "/etc/passwd", "a\\..\\..\\x", "a/../../x", "C:/x", "a//b", "./a", "nul\u0000",
                        "Default/../../outside/secret", "x".repeat(300))));
        Arbitrary<String> linkTarget = Arbitraries.of("a", "../..", "/etc/passwd", "../outside/secret", "Default/Preferences", ".", "b/../../x");
        Arbitrary<Zips> zips = Combinators.combine(name, linkTarget, Arbitraries.integers().between(0, 5), Arbitraries.strings().ofMaxLength(40))
                .as((n, t, kind, content) -> new Object[] {n, t, kind, content}).list().ofMaxSize(6).map(items -> {
                    Zips z = Zips.builder();
                    for (Object[] i : items) {
                        String n = (String) i[0];
                        switch ((Integer) i[2]) {
                            case 0 -> z.dir(n);
                            case 1 -> z.link(n, (String) i[1]);
                            case 2 -> z.file(n, ((String) i[3]).getBytes(StandardCharsets.UTF_8), 0020644); // a character device
                            case 3 -> z.storedFile(n, ((String) i[3]).getBytes(StandardCharsets.UTF_8));
                            default -> z.file(n, (String) i[3]);
                        }
                    }
                    return z;
                });
        Arbitrary<byte[]> archives = Combinators.combine(zips, Arbitraries.of("none", "none", "flip", "cut", "repeat"), Arbitraries.integers(),
                Arbitraries.integers()).as((z, kind, at, n) -> Base64.getEncoder().encode(mutate(z.zip(), kind, at, n)));
        Arbitrary<byte[]> json = Arbitraries.of("{", "{}", "{\"files\":[]}", "{\"version\":\"seed-json-v1\",\"files\":{\"../x\":\"YQ==\"}}",
                " \n{\"a\":" + "[".repeat(5000)).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, archives), net.jqwik.api.Tuple.of(1, json), net.jqwik.api.Tuple.of(1, noise));
    }

    /** The value for a failure message: whole when short, else its length and first bytes. */
    private static String shown(byte[] value) {
        String b64 = Base64.getEncoder().encodeToString(value.length > 300 ? java.util.Arrays.copyOf(value, 100) : value);
        return value.length > 300 ? value.length + " bytes beginning (base64) " + b64 : "(base64) " + b64;
    }

    private static byte[] mutate(byte[] b, String kind, int position, int amount) {
        if (b.length == 0 || kind.equals("none")) {
            return b;
        }
        int at = Math.floorMod(position, b.length);
        return switch (kind) {
            case "flip" -> {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 + Math.floorMod(amount, 255));
                yield c;
            }
            case "cut" -> java.util.Arrays.copyOf(b, at);
            default -> {
                int n = Math.min(b.length - at, 1 + Math.floorMod(amount, 64));
                byte[] c = new byte[b.length + n];
                System.arraycopy(b, 0, c, 0, at + n);
                System.arraycopy(b, at, c, at + n, b.length - at);
                yield c;
            }
        };
    }

    private static SortedMap<String, Long> outside() throws IOException {
        SortedMap<String, Long> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(sandbox)) {
            for (Path p : walk.toList()) {
                String rel = sandbox.relativize(p).toString();
                if (!rel.equals("target") && !rel.startsWith("target/")) {
                    out.put(rel, Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : -1L);
                }
            }
        }
        return out;
    }


}
