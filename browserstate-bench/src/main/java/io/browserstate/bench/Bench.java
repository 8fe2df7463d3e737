package io.browserstate.bench;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.MountOptions;
import io.browserstate.api.MountedSession;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.core.CountingStorageProvider;
import io.browserstate.core.StorageProviders;
import io.browserstate.core.tree.Trees;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.TestRedis;
import io.browserstate.core.StorageStats;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One benchmark run: every workload, every method, side by side, then the targets. */
final class Bench {
    private static final String USER = "bench";
    private static final int SET_WINDOW = 16;
    private static final int GET_WINDOW = 8;
    private static final double MIB = 1024.0 * 1024.0;

    private final Settings settings;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Figures> figures = new LinkedHashMap<>();
    private Path tmp;
    private URI redisUri;
    private URI fsUri;
    private Path fsRoot;
    private RawRedis raw;
    private RedisServer server;
    private int round;
    private Map<String, Object> largeResult;

    /** A tree to save. */
    record Workload(String key, String title, Path dir, long files, long bytes, String smallFile) {
    }

    /** The figures the targets are computed from. */
    static final class Figures {
        Measure.Series oursSave;
        Measure.Series oursRestore;
        Measure.Series zipSave;
        Measure.Series zipRestore;
        Measure.Series rawSet;
        Measure.Series rawGet;
        Measure.Series readFiles;
        Measure.Series writeFiles;
        Measure.Series encryptedSave;
        Measure.Series encryptedRestore;
        double warmRssMiB;
        double warmInitialHeapMiB;
        double warmLiveMiB;
        Measure.Series oursSeeded;
        long seededRead;
        long restoreRead;
        Measure.Series cliSave;
        Measure.Series cliRestore;
        Measure.Series cliSaveJar;
        Measure.Series cliRestoreJar;
        CliProcess.@Nullable Cpu cliSaveCpu;
        CliProcess.@Nullable Cpu cliRestoreCpu;
        long encryptedFullBytes;
        long fullBytes;
        long deltaBytes;
    }

    Bench(Settings settings) {
        this.settings = settings;
    }

    Report run() throws Exception {
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        tmp = Files.createTempDirectory("browserstate-bench-");
        try (Machine.Monitor monitor = new Machine.Monitor()) {
            String redisKind;
            if (settings.redis() == null) {
                server = TestRedis.server();
                redisUri = server.uri();
                redisKind = server.kind() == RedisServer.Kind.LOCAL ? "redis-server started by the benchmark" : server.kind().name();
            } else {
                redisUri = settings.redis();
                redisKind = "given with --redis";
            }
            raw = RawRedis.connect(redisUri);
            Measure.serverCpuSeconds = () -> raw.cpuSeconds();
            fsRoot = tmp.resolve("fs-store");
            fsUri = fsRoot.toUri();
            Map<String, String> machine = Machine.facts(raw.version(), redisKind);
            log("machine: " + machine);

            if (settings.tree() != null) {
                // a copy: the delta save changes one small file, and the given tree stays as it is
                Path dir = tmp.resolve("tree");
                log("copying the tree " + settings.tree());
                String small = ProfileTree.copy(settings.tree(), dir);
                ProfileTree.Shape shape = ProfileTree.shape(dir);
                benchWorkload(new Workload("tree", "tree " + settings.tree().getFileName(), dir, shape.files(), shape.bytes(), small), true);
                Trees.delete(dir);
            }
            for (int mb : settings.sizesMb()) {
                Path dir = tmp.resolve("synthetic-" + mb);
                log("generating a synthetic " + mb + " MB tree of " + settings.files() + " files");
                ProfileTree.Shape shape = ProfileTree.generate(dir, mb * 1_000_000L, settings.files(), mb);
                Workload w = new Workload("synthetic-" + mb, "synthetic " + mb + " MB", dir, shape.files(), shape.bytes(),
                        ProfileTree.SMALL_FILE);
                benchWorkload(w, true);
                Trees.delete(dir);
            }
            if (settings.smallFiles() > 0) {
                Path dir = tmp.resolve("small-files");
                log("generating a 20 MB tree of " + settings.smallFiles() + " small files");
                ProfileTree.Shape shape = ProfileTree.generate(dir, 20_000_000L, settings.smallFiles(), 30);
                benchWorkload(new Workload("small-files", "small files, 20 MB", dir, shape.files(), shape.bytes(), ProfileTree.SMALL_FILE),
                        false);
                Trees.delete(dir);
            }
            if (settings.chromium() != null) {
                Path dir = tmp.resolve("chromium-profile");
                log("driving " + settings.chromium() + " over " + ChromiumProfile.ORIGINS + " local origins");
                ChromiumProfile.generate(settings.chromium(), dir);
                ProfileTree.Shape shape = ProfileTree.shape(dir);
                String small = Files.exists(dir.resolve("Default/Preferences")) ? "Default/Preferences" : "Local State";
                benchWorkload(new Workload("chromium", "Chromium profile", dir, shape.files(), shape.bytes(), small), false);
                Trees.delete(dir);
            }
            if (settings.largeMb() > 0) {
                benchLarge();
            }
            List<Target> targets = targets();
            Map<String, String> noise = monitor.summary();
            Map<String, String> config = new LinkedHashMap<>();
            config.put("warm runs per operation", Integer.toString(settings.warmRuns()));
            config.put("engine options", "BrowserStateOptions.defaults(): zstd, 512 KiB chunks, parallelism "
                    + BrowserStateOptions.DEFAULT_PARALLELISM + ", no fsync");
            config.put("raw SET/GET", SET_WINDOW + " SETs / " + GET_WINDOW + " GETs in flight, one Lettuce connection");
            notes.addAll(methodNotes());
            return new Report(startedAt.toString(), (System.nanoTime() - t0) / 1e9, machine, config, noise, List.copyOf(rows),
                    targets, List.copyOf(notes));
        } finally {
            if (raw != null) {
                raw.close();
            }
            if (server != null) {
                server.close();
                server = null;
            }
            Trees.delete(tmp);
        }
    }

    // ------------------------------------------------------------------------------------ workloads

    private void benchWorkload(Workload w, boolean freshJvm) throws Exception {
        String title = w.title() + " (" + w.files() + " files, " + ResultTable.bytes(w.bytes()) + ")";
        log("workload " + title);
        Figures f = new Figures();
        figures.put(w.key(), f);
        List<byte[]> storedBlobs = null;
        boolean redisProvider = StorageProviders.factories().containsKey("redis");
        if (redisProvider) {
            storedBlobs = ours(w, title, "redis", redisUri, f);
        } else {
            addNote("No provider for redis: URIs is on the class path; the rows of ours on Redis are missing and the raw"
                    + " SET/GET rows use the blobs the filesystem store holds.");
        }
        List<byte[]> fsBlobs = ours(w, title, "fs", fsUri, redisProvider ? null : f);
        if (storedBlobs == null) {
            storedBlobs = fsBlobs;
        }
        if (freshJvm && redisProvider) {
            freshJvm(w, title);
        }
        zipBaseline(w, title, f);
        rawRedis(w, title, storedBlobs, f);
        storedBlobs = null;
        rawFiles(w, title, f);
        if (freshJvm && redisProvider && (w.key().equals(lastSynthetic()) || w.key().equals("tree"))) {
            cliProcess(w, title, f);
        }
    }

    private String lastSynthetic() {
        List<Integer> sizes = settings.sizesMb();
        return sizes.isEmpty() ? "" : "synthetic-" + sizes.get(sizes.size() - 1);
    }

    /**
     * The CLI as users run it, a new process per command: its import and export of the tree by
     * {@code java -jar} and through the launcher, alternating, each user once (a first save every time).
     * The series hold wall times (no cold run: every run is a new JVM); the operation's own time is in the note.
     */
    private void cliProcess(Workload w, String title, Figures f) throws Exception {
        String checkout = System.getProperty("bench.checkout");
        CliProcess cli = checkout == null ? null : CliProcess.find(Path.of(checkout), tmp.resolve("cli-cache"), redisUri.toString());
        if (cli == null) {
            addNote("The CLI rows are missing: run.sh builds browserstate-cli and passes -Dbench.checkout; this run had no CLI jar.");
            return;
        }
        log("  the CLI, a new process per command");
        Path target = tmp.resolve("restore-cli");
        cli.warmUp(w.dir(), "bench-cli-warmup/profile");
        cli.delete("bench-cli-warmup/profile");
        Map<CliProcess.Launch, Measure.Series> saves = new java.util.EnumMap<>(CliProcess.Launch.class);
        Map<CliProcess.Launch, Measure.Series> restores = new java.util.EnumMap<>(CliProcess.Launch.class);
        Map<CliProcess.Launch, List<Double>> saveOps = new java.util.EnumMap<>(CliProcess.Launch.class);
        Map<CliProcess.Launch, List<Double>> restoreOps = new java.util.EnumMap<>(CliProcess.Launch.class);
        for (CliProcess.Launch how : CliProcess.Launch.values()) {
            // a placeholder cold sample keeps Series' "first is cold" rule: every run here is a new JVM
            saves.computeIfAbsent(how, k -> new Measure.Series()).add(new Measure.Sample(Double.NaN, 0));
            restores.computeIfAbsent(how, k -> new Measure.Series()).add(new Measure.Sample(Double.NaN, 0));
            saveOps.put(how, new ArrayList<>());
            restoreOps.put(how, new ArrayList<>());
        }
        for (int run = 0; run < settings.warmRuns(); run++) {
            for (CliProcess.Launch how : CliProcess.Launch.values()) {
                String session = "bench-cli-" + how.name().toLowerCase(Locale.ROOT) + "-" + run + "/profile";
                CliProcess.Sample save = cli.save(how, w.dir(), session);
                Trees.delete(target);
                CliProcess.Sample restore = cli.restore(how, session, target);
                Trees.delete(target);
                cli.delete(session);
                saves.get(how).add(new Measure.Sample(save.wallMs(), 0));
                restores.get(how).add(new Measure.Sample(restore.wallMs(), 0));
                saveOps.get(how).add(save.operationMs());
                restoreOps.get(how).add(restore.operationMs());
            }
        }
        for (CliProcess.Launch how : CliProcess.Launch.values()) {
            String method = "ours, CLI process, " + how.label;
            Double saveOp = Measure.median(saveOps.get(how).stream().sorted().toList());
            Double restoreOp = Measure.median(restoreOps.get(how).stream().sorted().toList());
            rows.add(cliRow(title, method, "full save: whole process", saves.get(how), "the save itself (--json millis): median "
                    + ResultTable.millis(saveOp) + " ms; a new JVM each run"));
            rows.add(cliRow(title, method, "restore: whole process", restores.get(how), "the restore itself (--json millis): median "
                    + ResultTable.millis(restoreOp) + " ms; a new JVM each run"));
        }
        // one more save and restore through the launcher, unmeasured, for where a new process's CPU goes
        String session = "bench-cli-cpu/profile";
        f.cliSaveCpu = cli.cpu("import", w.dir().toString(), session);
        Trees.delete(target);
        f.cliRestoreCpu = cli.cpu("export", session, target.toString());
        Trees.delete(target);
        cli.delete(session);
        for (CliProcess.Cpu c : List.of(f.cliSaveCpu, f.cliRestoreCpu)) {
            String op = c == f.cliSaveCpu ? "full save: CPU of one process" : "restore: CPU of one process";
            rows.add(new Row(title, "redis", "ours, CLI process, " + CliProcess.Launch.LAUNCHER.label, op, null, null, null, 1, null,
                    null, null, String.format(Locale.ROOT,
                            "one extra run with -XX:+CITime: process %s ms, the operation %s ms; CPU (user + sys) %s ms, of it JIT compilers %s ms",
                            ResultTable.millis(c.wallMs()), ResultTable.millis(c.operationMs()), ResultTable.millis(c.processCpuMs()),
                            ResultTable.millis(c.jitMs()))));
        }
        f.cliSave = saves.get(CliProcess.Launch.LAUNCHER);
        f.cliRestore = restores.get(CliProcess.Launch.LAUNCHER);
        f.cliSaveJar = saves.get(CliProcess.Launch.JAVA_JAR);
        f.cliRestoreJar = restores.get(CliProcess.Launch.JAVA_JAR);
    }

    /** The bound of the cold target: how much of a new process's CPU its JIT compilers take. */
    private static String cpuNote(Figures f) {
        CliProcess.Cpu save = f.cliSaveCpu;
        CliProcess.Cpu restore = f.cliRestoreCpu;
        if (save == null || restore == null) {
            return "";
        }
        return String.format(Locale.ROOT, "; bound by: one process's CPU, save %s ms of which JIT %s ms, restore %s ms of which JIT %s ms (%d cores)",
                ResultTable.millis(save.processCpuMs()), ResultTable.millis(save.jitMs()), ResultTable.millis(restore.processCpuMs()),
                ResultTable.millis(restore.jitMs()), Runtime.getRuntime().availableProcessors());
    }

    private static Row cliRow(String title, String method, String operation, Measure.Series s, String note) {
        return new Row(title, "redis", method, operation, null, s.warmMin(), s.warmMedian(), s.size() - 1, null, null, null, note);
    }

    /**
     * Restarts the Redis the benchmark started (no persistence: it comes back empty, in a new process),
     * so that the next cold run writes into memory Redis has never touched, as a new server's first
     * sessions do. Warm runs then reuse the memory the deleted runs freed. Does nothing for a Redis
     * given with {@code --redis}.
     */
    private void freshRedis() {
        if (server == null || server.kind() == RedisServer.Kind.EXTERNAL) {
            return;
        }
        raw.close();
        server.stop();
        server.start();
        raw = RawRedis.connect(redisUri);
    }

    /** A series' median warm CPU time in milliseconds, or "?" when it was not measured. */
    private static String cpu(Measure.Series s) {
        Double c = s.warmMedianCpu();
        return c == null ? "?" : ResultTable.millis(c);
    }

    /** One configuration of ours that a workload is measured with. */
    private record Variant(String method, BrowserStateOptions options) {
    }

    /** The variants of ours on a store: default options, and on Redis the same with encryption on. */
    private static List<Variant> variants(String store) {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("ours", BrowserStateOptions.defaults()));
        if ("redis".equals(store)) {
            byte[] key = java.util.Base64.getDecoder().decode(io.browserstate.core.KeyProviders.newKey());
            v.add(new Variant("ours, aes-256-gcm", BrowserStateOptions.builder().encryption(BrowserStateOptions.AES_256_GCM)
                    .keyProvider(io.browserstate.core.KeyProviders.of("bench", Map.of("bench", new javax.crypto.spec.SecretKeySpec(key, "AES"))))
                    .build()));
        }
        return v;
    }

    /** What one variant measured. */
    private static final class Measured {
        final Measure.Series save = new Measure.Series();
        final Measure.Series delta = new Measure.Series();
        final Measure.Series restore = new Measure.Series();
        final Measure.Series seeded = new Measure.Series();
        long seededRead;
        final Measure.Series remount = new Measure.Series();
        long remountRead;
        long fullSent;
        long deltaSent;
        long fullStored;
        long deltaStored;
        long restoreRead;
    }

    /**
     * Full save, delta save and restore on one store, for each variant, the variants' runs alternating
     * so that the machine's drift touches each alike; returns the stored blob values of the plain Redis run.
     */
    private List<byte[]> ours(Workload w, String title, String store, URI uri, Figures f) throws Exception {
        log("  ours on " + store);
        List<Variant> variants = variants(store);
        List<Measured> measured = new ArrayList<>();
        List<CountingStorageProvider> providers = new ArrayList<>();
        List<BrowserStateManager> managers = new ArrayList<>();
        List<byte[]> blobs = null;
        if ("redis".equals(store)) {
            freshRedis();
        }
        try {
            for (Variant v : variants) {
                CountingStorageProvider provider = new CountingStorageProvider(StorageProviders.open(uri, Map.of()));
                providers.add(provider);
                managers.add(BrowserState.create(provider, v.options()));
                measured.add(new Measured());
            }
            for (int run = 0; run <= settings.warmRuns(); run++) {
                for (int k = 0; k < variants.size(); k++) {
                    CountingStorageProvider provider = providers.get(k);
                    BrowserStateManager manager = managers.get(k);
                    Measured m = measured.get(k);
                    // a user of its own per run: a user's sessions share chunks, and every run measures a first save
                    SessionId id = SessionId.of(USER + "-" + w.key() + "-" + store + "-" + k + "-" + run, "profile");
                    long storedBefore = stored(store, id);
                    StorageStats before = provider.stats();
                    Measure.Timed<SaveResult> full = Measure.run(() -> manager.save(id, w.dir()));
                    m.save.add(full.sample());
                    m.fullSent = provider.stats().minus(before).bytesWritten();
                    long storedFull = stored(store, id);
                    m.fullStored = storedFull - storedBefore;

                    ProfileTree.changeSmallFile(w.dir().resolve(w.smallFile()), ++round);
                    before = provider.stats();
                    Measure.Timed<SaveResult> changed = Measure.run(() -> manager.save(id, w.dir()));
                    m.delta.add(changed.sample());
                    m.deltaSent = Math.max(m.deltaSent, provider.stats().minus(before).bytesWritten());
                    m.deltaStored = Math.max(m.deltaStored, stored(store, id) - storedFull);

                    Path target = tmp.resolve("restore-" + store + "-" + k + "-" + run);
                    before = provider.stats();
                    Measure.Timed<RestoreResult> restored = Measure.run(() -> manager.restore(id, target));
                    m.restore.add(restored.sample());
                    m.restoreRead = provider.stats().minus(before).bytesRead();
                    if (run == 0) {
                        ProfileTree.assertSame(w.dir(), target, variants.get(k).method() + " on " + store);
                    }
                    // the same session again, with the restore just made as its local seed (a re-mount on this machine)
                    Path again = tmp.resolve("restore-seeded-" + store + "-" + k + "-" + run);
                    before = provider.stats();
                    Measure.Timed<RestoreResult> seeded = Measure.run(() -> manager.restore(id, again, target));
                    m.seeded.add(seeded.sample());
                    m.seededRead = provider.stats().minus(before).bytesRead();
                    if (run == 0) {
                        ProfileTree.assertSame(w.dir(), again, variants.get(k).method() + " from a seed on " + store);
                    }
                    Trees.delete(again);
                    Trees.delete(target);
                    // a worker that closes the session with keepLocalCopy and mounts it again on this machine:
                    // the second mount takes the kept directory over
                    manager.mount(id, MountOptions.builder().readOnly(true).createIfMissing(false).keepLocalCopy(true).build()).close();
                    before = provider.stats();
                    Measure.Timed<MountedSession> remounted = Measure.run(() -> manager.mount(id, MountOptions.defaults()));
                    m.remount.add(remounted.sample());
                    m.remountRead = provider.stats().minus(before).bytesRead();
                    if (run == 0) {
                        ProfileTree.assertSame(w.dir(), remounted.value().directory(), variants.get(k).method() + " re-mounted on " + store);
                    }
                    remounted.value().discard();
                    if (run == settings.warmRuns() && k == 0) {
                        blobs = "redis".equals(store) ? raw.values(spacePattern(id) + "c:*") : fileBlobs(id);
                    }
                    manager.delete(id);
                }
            }
        } finally {
            for (BrowserStateManager m : managers) {
                m.close();
            }
        }
        for (int k = 0; k < variants.size(); k++) {
            Measured m = measured.get(k);
            String method = variants.get(k).method();
            String vsPlain = k == 0 ? null : String.format(Locale.ROOT, "%.2fx the plain run's warm median",
                    m.save.warmMedian() / measured.get(0).save.warmMedian());
            rows.add(Row.of(title, store, method, "full save", m.save, m.fullSent, m.fullStored, vsPlain));
            rows.add(Row.of(title, store, method, "delta save (1 small file changed)", m.delta, m.deltaSent, m.deltaStored,
                    String.format(Locale.ROOT, "%.3f%% of the full save's bytes", 100.0 * m.deltaSent / Math.max(1, m.fullSent))));
            rows.add(Row.of(title, store, method, "restore into an empty dir", m.restore, m.restoreRead, null, k == 0 ? null
                    : String.format(Locale.ROOT, "%.2fx the plain run's warm median", m.restore.warmMedian()
                    / measured.get(0).restore.warmMedian())));
            rows.add(Row.of(title, store, method, "restore from a local seed (unchanged session)", m.seeded, m.seededRead, null,
                    String.format(Locale.ROOT, "%.2f%% of the full restore's bytes read; %.2fx its warm median",
                            100.0 * m.seededRead / Math.max(1, m.restoreRead), m.seeded.warmMedian() / m.restore.warmMedian())));
            rows.add(Row.of(title, store, method, "re-mount of a kept local copy (unchanged session)", m.remount, m.remountRead, null,
                    String.format(Locale.ROOT, "%.2f%% of the full restore's bytes read; %.2fx its warm median; files moved in, not written",
                            100.0 * m.remountRead / Math.max(1, m.restoreRead), m.remount.warmMedian() / m.restore.warmMedian())));
        }
        if (f != null) {
            Measured plain = measured.get(0);
            f.oursSave = plain.save;
            f.oursRestore = plain.restore;
            f.oursSeeded = plain.remount;
            f.seededRead = plain.remountRead;
            f.restoreRead = plain.restoreRead;
            f.fullBytes = plain.fullSent;
            f.deltaBytes = plain.deltaSent;
            if (measured.size() > 1) {
                f.encryptedSave = measured.get(1).save;
                f.encryptedRestore = measured.get(1).restore;
                f.encryptedFullBytes = measured.get(1).fullSent;
            }
        }
        return blobs;
    }

    /** The blob files of the session's user in the filesystem store (the user's only session). */
    private List<byte[]> fileBlobs(SessionId id) throws IOException {
        Path space = fsRoot.resolve("shared").resolve(id.userId());
        List<byte[]> values = new ArrayList<>();
        for (Path p : ProfileTree.files(space)) {
            if (p.getFileName().toString().matches("[0-9a-f]{64}")) {
                values.add(Files.readAllBytes(space.resolve(p)));
            }
        }
        return values;
    }

    private void addNote(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    private static String sessionPattern(SessionId id) {
        return "browserstate:{" + id.userId() + ":" + id.sessionId() + "}:";
    }

    /** The keys of the session's user: its shared space of blobs and its session index. */
    private static String spacePattern(SessionId id) {
        return "browserstate:user:{" + id.userId() + "}:";
    }

    /** Bytes the store holds for the session: Redis MEMORY USAGE of its keys, or the file store's size. */
    private long stored(String store, SessionId id) throws IOException {
        return "redis".equals(store) ? raw.memoryUsage(sessionPattern(id) + "*") + raw.memoryUsage(spacePattern(id) + "*")
                : ProfileTree.sizeOf(fsRoot);
    }

    /** One save and one restore in a fresh JVM: the truly cold case. */
    private void freshJvm(Workload w, String title) throws Exception {
        log("  ours on redis in a fresh JVM");
        Path target = tmp.resolve("restore-fresh");
        Map<String, Object> r = ChildJvm.run(jfr("fresh-" + w.key()), "ours", redisUri.toString(), w.dir().toString(),
                target.toString(), w.key() + "-fresh");
        Trees.delete(target);
        check(r, "fresh JVM on " + w.title());
        double peak = number(r, "peakHeapBytes") / MIB;
        String note = String.format(Locale.ROOT, "first save and restore of a new JVM (default heap); peak RSS %.0f MiB",
                number(r, "peakRssBytes") / MIB);
        rows.add(new Row(title, "redis", "ours, fresh JVM", "full save", number(r, "saveMs"), null, null, 0,
                (long) number(r, "bytesSent"), null, peak, note));
        rows.add(new Row(title, "redis", "ours, fresh JVM", "restore into an empty dir", number(r, "restoreMs"), null, null, 0,
                (long) number(r, "bytesRead"), null, peak, note));
        // a warm process: the same JVM saving and restoring the tree again and again, default JVM settings
        int cycles = Math.max(3, settings.warmRuns());
        log("  ours on redis, " + cycles + " save and restore cycles in one new JVM (peak RSS)");
        Map<String, Object> warm = ChildJvm.run(jfr("warm-" + w.key()), "ours", redisUri.toString(), w.dir().toString(),
                target.toString(), w.key() + "-warm", Integer.toString(cycles));
        Trees.delete(target);
        check(warm, "warm process on " + w.title());
        double rss = number(warm, "peakRssBytes") / MIB;
        rows.add(new Row(title, "redis", "ours, one process, " + cycles + " cycles", "save + restore: peak RSS", null, null, null, 0, null,
                null, number(warm, "peakHeapBytes") / MIB, String.format(Locale.ROOT,
                "peak RSS %.0f MiB (VmHWM, default heap: initial %.0f MiB, committed at the end %.0f MiB; live after a full GC at the end"
                        + " %.0f MiB); the last cycle: save %s ms, restore %s ms",
                rss, number(warm, "initialHeapBytes") / MIB, number(warm, "committedHeapBytes") / MIB,
                number(warm, "liveAfterFullGcBytes") / MIB, ResultTable.millis(number(warm, "saveMs")),
                ResultTable.millis(number(warm, "restoreMs")))));
        Figures f = figures.get(w.key());
        if (f != null) {
            f.warmRssMiB = rss;
            f.warmInitialHeapMiB = number(warm, "initialHeapBytes") / MIB;
            f.warmLiveMiB = number(warm, "liveAfterFullGcBytes") / MIB;
        }
    }

    private void zipBaseline(Workload w, String title, Figures f) throws Exception {
        log("  ZIP+base64 baseline");
        Measure.Series save = new Measure.Series();
        Measure.Series restore = new Measure.Series();
        long sent = 0;
        long stored = 0;
        long read = 0;
        freshRedis();
        for (int run = 0; run <= settings.warmRuns(); run++) {
            String key = "legacy:" + USER + ":" + w.key() + "-" + run;
            Measure.Timed<Long> saved = Measure.run(() -> ZipBaseline.save(raw, w.dir(), key));
            save.add(saved.sample());
            sent = saved.value();
            stored = raw.memoryUsage(key) + raw.memoryUsage(key + ":metadata");
            Path target = tmp.resolve("restore-zip-" + run);
            Measure.Timed<Long> restored = Measure.run(() -> ZipBaseline.restore(raw, key, target));
            restore.add(restored.sample());
            read = restored.value();
            if (run == 0) {
                ProfileTree.assertSame(w.dir(), target, "zip baseline");
            }
            Trees.delete(target);
            raw.sync().unlink(key, key + ":metadata");
        }
        rows.add(Row.of(title, "redis", "zip+base64", "full save", save, sent, stored, "deflate 9, one SET"));
        rows.add(Row.of(title, "redis", "zip+base64", "restore into an empty dir", restore, read, null, "GET, decode, unzip"));
        f.zipSave = save;
        f.zipRestore = restore;
    }

    /** Raw pipelined SET and GET of exactly the values ours stored. */
    private void rawRedis(Workload w, String title, List<byte[]> values, Figures f) throws Exception {
        if (values == null || values.isEmpty()) {
            return;
        }
        log("  raw Redis SET/GET of the stored bytes");
        Measure.Series set = new Measure.Series();
        Measure.Series get = new Measure.Series();
        long bytes = 0;
        long stored = 0;
        freshRedis();
        for (int run = 0; run <= settings.warmRuns(); run++) {
            String prefix = "raw:" + w.key() + ":" + run + ":";
            Measure.Timed<Long> s = Measure.run(() -> raw.setAll(prefix, values, SET_WINDOW));
            set.add(s.sample());
            bytes = s.value();
            stored = raw.memoryUsage(prefix + "*");
            Measure.Timed<Long> g = Measure.run(() -> raw.getAll(prefix, values.size(), GET_WINDOW));
            get.add(g.sample());
            raw.unlink(prefix + "*");
        }
        String note = values.size() + " values as ours stored them";
        rows.add(withoutHeap(Row.of(title, "redis", "limit", "raw pipelined SET of the stored bytes", set, bytes, stored, note)));
        rows.add(withoutHeap(Row.of(title, "redis", "limit", "raw pipelined GET of the stored bytes", get, bytes, null, note)));
        f.rawSet = set;
        f.rawGet = get;
    }

    /** Reading the files alone, and writing them alone into an empty directory. */
    private void rawFiles(Workload w, String title, Figures f) throws Exception {
        log("  reading and writing the files alone");
        List<Path> files = ProfileTree.files(w.dir());
        Measure.Series read = new Measure.Series();
        for (int run = 0; run <= settings.warmRuns(); run++) {
            read.add(Measure.run(() -> readAll(w.dir(), files)).sample());
        }
        List<byte[]> contents = new ArrayList<>(files.size());
        for (Path p : files) {
            contents.add(Files.readAllBytes(w.dir().resolve(p)));
        }
        Measure.Series write = new Measure.Series();
        for (int run = 0; run <= settings.warmRuns(); run++) {
            Path target = tmp.resolve("write-" + run);
            write.add(Measure.run(() -> writeAll(target, files, contents)).sample());
            Trees.delete(target);
        }
        rows.add(withoutHeap(Row.of(title, "local disk", "limit", "read the files", read, w.bytes(), null, "page cache warm")));
        rows.add(withoutHeap(Row.of(title, "local disk", "limit", "write the files into an empty dir", write, w.bytes(), null,
                "no fsync")));
        f.readFiles = read;
        f.writeFiles = write;
    }

    private static long readAll(Path dir, List<Path> files) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024 * 1024);
        long total = 0;
        for (Path p : files) {
            try (FileChannel ch = FileChannel.open(dir.resolve(p), StandardOpenOption.READ)) {
                for (int n = ch.read(buffer); n >= 0; n = ch.read(buffer)) {
                    total += n;
                    buffer.clear();
                }
            }
        }
        return total;
    }

    private static long writeAll(Path dir, List<Path> files, List<byte[]> contents) throws IOException {
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            Path p = dir.resolve(files.get(i));
            Files.createDirectories(p.getParent());
            Files.write(p, contents.get(i), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            total += contents.get(i).length;
        }
        return total;
    }

    private static Row withoutHeap(Row r) {
        return new Row(r.workload(), r.store(), r.method(), r.operation(), r.coldMs(), r.warmMinMs(), r.warmMedianMs(),
                r.warmRuns(), r.bytesMoved(), r.bytesStored(), null, r.note());
    }

    // ------------------------------------------------------------------------------ bounded memory

    private void benchLarge() throws Exception {
        int mb = settings.largeMb();
        int files = Math.max(settings.files(), mb * 1_000_000 / (900 * 1024));
        Path dir = tmp.resolve("large");
        log("generating a " + mb + " MB tree of " + files + " files");
        ProfileTree.Shape shape = ProfileTree.generate(dir, mb * 1_000_000L, files, 7);
        String heap = "-Xmx" + settings.largeHeapMb() + "m";
        String title = "synthetic " + mb + " MB (" + shape.files() + " files, " + ResultTable.bytes(shape.bytes()) + "), child JVM "
                + heap;
        try {
            boolean redisProvider = StorageProviders.factories().containsKey("redis");
            for (String store : redisProvider ? List.of("redis", "fs") : List.of("fs")) {
                log("  ours on " + store + " in a child JVM with " + heap);
                Path target = tmp.resolve("restore-large-" + store);
                URI uri = "redis".equals(store) ? redisUri : fsUri;
                Map<String, Object> r = ChildJvm.run(jvm(heap, "large-" + store), "ours", uri.toString(), dir.toString(),
                        target.toString(), "large-" + store);
                Trees.delete(target);
                largeRows(title, store, "ours", r);
                if (largeResult == null) {
                    largeResult = r;
                }
            }
            log("  ZIP+base64 baseline in a child JVM with " + heap);
            Path target = tmp.resolve("restore-large-zip");
            Map<String, Object> r = ChildJvm.run(jvm(heap, "large-zip"), "zip", redisUri.toString(), dir.toString(),
                    target.toString(), "legacy:" + USER + ":large");
            Trees.delete(target);
            largeRows(title, "redis", "zip+base64", r);
        } finally {
            Trees.delete(dir);
        }
    }

    private void largeRows(String title, String store, String method, Map<String, Object> r) {
        double peak = number(r, "peakHeapBytes") / MIB;
        boolean ok = Boolean.TRUE.equals(r.get("ok"));
        String status = (ok ? "completed" : "FAILED: " + r.get("error"))
                + String.format(Locale.ROOT, "; largest live heap after a GC %.0f MiB", number(r, "peakLiveHeapBytes") / MIB);
        rows.add(new Row(title, store, method, "full save", r.containsKey("saveMs") ? number(r, "saveMs") : null, null, null, 0,
                r.containsKey("bytesSent") ? (long) number(r, "bytesSent") : null, null, peak, status));
        if (ok) {
            rows.add(new Row(title, store, method, "restore into an empty dir", number(r, "restoreMs"), null, null, 0,
                    (long) number(r, "bytesRead"), null, peak, status + "; peak heap is over save and restore together"));
        }
    }

    private List<String> jvm(String heap, String name) {
        List<String> options = new ArrayList<>(List.of(heap));
        options.addAll(jfr(name));
        return options;
    }

    private List<String> jfr(String name) {
        if (settings.jfrDirectory() == null) {
            return List.of();
        }
        return List.of("-XX:StartFlightRecording=settings=profile,filename="
                + settings.jfrDirectory().toAbsolutePath().resolve(name + ".jfr"));
    }

    // ------------------------------------------------------------------------------------- targets

    private List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        Figures small = figures.get("small-files");
        if (small != null && small.oursRestore != null && small.writeFiles != null) {
            double share = (double) small.deltaBytes / Math.max(1, small.fullBytes);
            targets.add(new Target("many small files: a delta save sends <= 1% of the full save's bytes",
                    String.format(Locale.ROOT, "%.2f%% (%d of %d bytes)", 100 * share, small.deltaBytes, small.fullBytes), share <= 0.01));
            double ratio = small.oursRestore.warmMedian() / small.writeFiles.warmMedian();
            targets.add(new Target("many small files: restore within 1.1x of writing the files alone",
                    String.format(Locale.ROOT, "%.2fx (%s vs %s ms, warm medians)", ratio, ResultTable.millis(small.oursRestore.warmMedian()),
                            ResultTable.millis(small.writeFiles.warmMedian())), ratio <= 1.1));
        }
        Figures f = figures.get("synthetic-100");
        String which = "synthetic-100";
        if (f == null) {
            for (Map.Entry<String, Figures> e : figures.entrySet()) {
                if (e.getKey().startsWith("synthetic-")) {
                    f = e.getValue();
                    which = e.getKey();
                }
            }
        }
        if (f != null && f.oursSave != null && f.zipSave != null) {
            String on = which.equals("synthetic-100") ? "" : " (on " + which + ", no 100 MB tree in this run)";
            double saveSpeedup = f.zipSave.warmMedian() / f.oursSave.warmMedian();
            targets.add(new Target("full save >= 10x faster than ZIP+base64" + on,
                    String.format(Locale.ROOT, "%.1fx warm (%s ms vs %s ms, medians); %.1fx cold (%s vs %s ms, fresh Redis memory)",
                            saveSpeedup, ResultTable.millis(f.oursSave.warmMedian()), ResultTable.millis(f.zipSave.warmMedian()),
                            f.zipSave.cold() / f.oursSave.cold(), ResultTable.millis(f.oursSave.cold()), ResultTable.millis(f.zipSave.cold())),
                    saveSpeedup >= 10));
            if (f.rawSet != null && f.readFiles != null) {
                double limit = f.readFiles.warmMedian() + f.rawSet.warmMedian();
                double ratio = f.oursSave.warmMedian() / limit;
                targets.add(new Target("full save <= 1.2x the minimal pipeline (read files + raw SET), Redis memory reused" + on,
                        String.format(Locale.ROOT, "%.2fx (%s ms vs %s + %s ms, warm medians); CPU (this JVM + redis-server) %s ms vs %s + %s ms",
                                ratio, ResultTable.millis(f.oursSave.warmMedian()), ResultTable.millis(f.readFiles.warmMedian()),
                                ResultTable.millis(f.rawSet.warmMedian()), cpu(f.oursSave), cpu(f.readFiles), cpu(f.rawSet)),
                        ratio <= 1.2));
                double coldLimit = f.readFiles.warmMedian() + f.rawSet.cold();
                double coldRatio = f.oursSave.cold() / coldLimit;
                targets.add(new Target("(no target) full save vs (read files + raw SET), fresh Redis memory" + on,
                        String.format(Locale.ROOT, "%.2fx (%s ms vs %s + %s ms, cold runs)", coldRatio,
                                ResultTable.millis(f.oursSave.cold()), ResultTable.millis(f.readFiles.warmMedian()),
                                ResultTable.millis(f.rawSet.cold())),
                        null));
            }
            double restoreSpeedup = f.zipRestore.warmMedian() / f.oursRestore.warmMedian();
            targets.add(new Target("restore >= 10x faster than ZIP+base64" + on,
                    String.format(Locale.ROOT, "%.1fx (%s ms vs %s ms, warm medians)", restoreSpeedup,
                            ResultTable.millis(f.oursRestore.warmMedian()), ResultTable.millis(f.zipRestore.warmMedian())),
                    restoreSpeedup >= 10));
            if (f.warmRssMiB > 0) {
                targets.add(new Target("a warm process saving and restoring the tree peaks under 450 MiB RSS (default JVM settings)" + on,
                        String.format(Locale.ROOT, "%.0f MiB; the JVM's default initial heap alone is %.0f MiB (1/64 of the machine's"
                                + " memory, all of it young generation to G1 until it resizes); the heap live after a full GC at the end is"
                                + " %.0f MiB", f.warmRssMiB, f.warmInitialHeapMiB, f.warmLiveMiB), f.warmRssMiB < 450));
            }
            if (f.oursSeeded != null) {
                double share = (double) f.seededRead / Math.max(1, f.restoreRead);
                double time = f.oursSeeded.warmMedian() / f.oursRestore.warmMedian();
                targets.add(new Target("re-mount from a local seed (the kept copy of a closed mount): < 1% of the bytes read and < 1/5 of a full restore's time" + on,
                        String.format(Locale.ROOT, "%.2f%% of the bytes (%d of %d); %.2fx the time (%s vs %s ms, warm medians)", 100 * share,
                                f.seededRead, f.restoreRead, time, ResultTable.millis(f.oursSeeded.warmMedian()),
                                ResultTable.millis(f.oursRestore.warmMedian())),
                        share < 0.01 && time < 0.2));
            }
            if (f.cliSave != null && f.cliRestore != null) {
                double saveOver = f.cliSave.warmMedian() - f.oursSave.warmMedian();
                double restoreOver = f.cliRestore.warmMedian() - f.oursRestore.warmMedian();
                targets.add(new Target("cold: a new process's save or restore (the CLI, launcher) minus the warm operation < 500 ms" + on,
                        String.format(Locale.ROOT, "save %s ms (%s - %s), restore %s ms (%s - %s), medians; by java -jar: %s and %s ms",
                                ResultTable.millis(saveOver), ResultTable.millis(f.cliSave.warmMedian()), ResultTable.millis(f.oursSave.warmMedian()),
                                ResultTable.millis(restoreOver), ResultTable.millis(f.cliRestore.warmMedian()),
                                ResultTable.millis(f.oursRestore.warmMedian()),
                                ResultTable.millis(f.cliSaveJar.warmMedian() - f.oursSave.warmMedian()),
                                ResultTable.millis(f.cliRestoreJar.warmMedian() - f.oursRestore.warmMedian()))
                                + cpuNote(f),
                        saveOver < 500 && restoreOver < 500));
            }
            if (f.rawGet != null && f.writeFiles != null) {
                double limit = f.rawGet.warmMedian() + f.writeFiles.warmMedian();
                double ratio = f.oursRestore.warmMedian() / limit;
                targets.add(new Target("restore <= 1.1x the minimal pipeline (raw GET + write the files)" + on,
                        String.format(Locale.ROOT, "%.2fx (%s ms vs %s + %s ms, warm medians); CPU (this JVM + redis-server) %s ms vs %s + %s ms;"
                                + " writing the files alone is %.1fx faster than the ZIP restore", ratio, ResultTable.millis(f.oursRestore.warmMedian()),
                                ResultTable.millis(f.rawGet.warmMedian()), ResultTable.millis(f.writeFiles.warmMedian()), cpu(f.oursRestore),
                                cpu(f.rawGet), cpu(f.writeFiles), f.zipRestore.warmMedian() / f.writeFiles.warmMedian()), ratio <= 1.1));
            }
            if (f.encryptedSave != null) {
                double save = f.encryptedSave.warmMedian() / f.oursSave.warmMedian();
                double restore = f.encryptedRestore.warmMedian() / f.oursRestore.warmMedian();
                targets.add(new Target("encrypted (aes-256-gcm) save and restore within 15% of plain, same run" + on,
                        String.format(Locale.ROOT, "save %.2fx (%s vs %s ms), restore %.2fx (%s vs %s ms), warm medians, runs alternating;"
                                + " %s sent encrypted vs %s plain", save, ResultTable.millis(f.encryptedSave.warmMedian()),
                                ResultTable.millis(f.oursSave.warmMedian()), restore, ResultTable.millis(f.encryptedRestore.warmMedian()),
                                ResultTable.millis(f.oursRestore.warmMedian()), ResultTable.bytes(f.encryptedFullBytes),
                                ResultTable.bytes(f.fullBytes)),
                        save <= 1.15 && restore <= 1.15));
            }
            double share = (double) f.deltaBytes / Math.max(1, f.fullBytes);
            targets.add(new Target("delta save sends <= 1% of the full save's bytes" + on,
                    String.format(Locale.ROOT, "%.3f%% (%s of %s)", share * 100, ResultTable.bytes(f.deltaBytes),
                            ResultTable.bytes(f.fullBytes)), share <= 0.01));
        }
        if (largeResult != null) {
            double peak = number(largeResult, "peakHeapBytes") / MIB;
            boolean ok = Boolean.TRUE.equals(largeResult.get("ok"));
            targets.add(new Target(settings.largeMb() + " MB save and restore with peak heap < 128 MiB",
                    ok ? String.format(Locale.ROOT, "completed in a -Xmx%dm JVM, peak heap %.0f MiB", settings.largeHeapMb(), peak)
                            : "failed: " + largeResult.get("error"),
                    ok && peak < 128 && settings.largeMb() >= 1000));
        }
        return targets;
    }

    private List<String> methodNotes() {
        return List.of(
                "cold = the first run of that operation on that workload; before it the benchmark restarts its redis-server, so"
                        + " cold Redis writes go into memory the server never touched (a new server's first sessions). warm = the "
                        + settings.warmRuns() + " runs after it, min and median; each run's session or keys are deleted after it, so"
                        + " warm Redis writes reuse freed memory, the same way for every method. The first workload's cold runs also"
                        + " pay for a cold JVM; the 'fresh JVM' rows are a new JVM's first save and restore.",
                "bytes moved: sent to the store (provider stats) for saves, read from it for restores; bytes stored: Redis MEMORY"
                        + " USAGE summed over the session's keys (SCAN MATCH on its hash tag), or the file store's growth.",
                "peak heap: the most heap in use during the operation (garbage included), starting from a collected heap: the"
                        + " largest 'used before GC' of the collections it ran, or the heap in use at its end; the child-JVM rows"
                        + " give it over the child's save and restore together.",
                "The Chromium profile is pruned of the caches BrowserState excludes by default before measuring, so every method"
                        + " handles the same files.");
    }

    // --------------------------------------------------------------------------------------- helpers

    private static void check(Map<String, Object> r, String what) {
        if (!Boolean.TRUE.equals(r.get("ok"))) {
            throw new IllegalStateException(what + " failed: " + r.get("error"));
        }
    }

    private static double number(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static void log(String message) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
