package io.browserstate.cli;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.GarbageReport;
import io.browserstate.api.MigrationReport;
import io.browserstate.api.RekeyReport;
import io.browserstate.api.RestoreResult;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionNotFoundException;
import io.browserstate.api.SessionPage;
import io.browserstate.api.SnapshotDiff;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.api.StoreUsage;
import io.browserstate.core.StorageProviders;
import io.browserstate.core.tree.Trees;
import io.browserstate.redis.RedisDoctor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The subcommands of {@code browserstate}. Each prints one result (a table or JSON) and returns its exit code. */
final class Commands {
    private Commands() {
    }

    /** A command that opens the store, runs, and closes it. */
    abstract static class StoreCommand implements Callable<Integer> {
        @Mixin
        Store store = new Store();

        @Override
        public Integer call() {
            try (BrowserStateManager manager = store.open()) {
                ProgressBar bar = ProgressBar.forTerminal(store.json);
                if (bar != null) {
                    manager.addListener(bar);
                }
                return run(manager, store.out());
            }
        }

        abstract int run(BrowserStateManager manager, Output out);
    }

    static Map<String, Object> session(SessionInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", i.id().toString());
        m.put("version", i.version());
        m.put("files", i.fileCount());
        m.put("bytes", i.sizeBytes());
        m.put("updated", i.updatedAt().toString());
        m.put("accessed", i.accessedAt().toString());
        m.put("browser", i.browserVersion());
        m.put("attributes", i.attributes());
        return m;
    }

    static Map<String, Object> snapshot(SnapshotInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", s.version());
        m.put("current", s.current());
        m.put("saved", s.savedAt().toString());
        m.put("by", s.savedBy());
        m.put("files", s.fileCount());
        m.put("bytes", s.sizeBytes());
        m.put("origin", s.origin().name().toLowerCase(java.util.Locale.ROOT)
                + (s.originSession() == null ? "" : " " + s.originSession() + (s.originVersion() == null ? "" : " v" + s.originVersion())));
        return m;
    }

    static Map<String, Object> restored(RestoreResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", r.id().toString());
        m.put("version", r.version());
        m.put("directory", r.directory().toString());
        m.put("files", r.fileCount());
        m.put("bytes", r.totalBytes());
        m.put("bytesRead", r.bytesRead());
        m.put("millis", r.duration().toMillis());
        return m;
    }

    static Map<String, Object> garbage(GarbageReport g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", g.userId());
        m.put("sessions", g.sessions());
        m.put("snapshots", g.snapshots());
        m.put("blobsStored", g.blobsStored());
        m.put("blobsReferenced", g.blobsReferenced());
        m.put("blobsDeleted", g.blobsDeleted());
        m.put("blobsInGrace", g.blobsInGrace());
        return m;
    }

    /** Every session of a user, all pages. */
    static List<SessionInfo> all(BrowserStateManager manager, String user) {
        List<SessionInfo> out = new ArrayList<>();
        String cursor = null;
        do {
            SessionPage<SessionInfo> page = manager.list(user, cursor, 1000);
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    @Command(name = "ls", description = "List the users that have sessions, or a user's sessions; a page at a time.")
    static final class Ls extends StoreCommand {
        @Parameters(paramLabel = "USER", arity = "0..1", description = "the user whose sessions to list (none: list the users)")
        @Nullable String user;
        @Option(names = "--limit", description = "rows per page (1-1000, default ${DEFAULT-VALUE})")
        int limit = 100;
        @Option(names = "--cursor", description = "the cursor printed after the previous page")
        @Nullable String cursor;

        @Override
        int run(BrowserStateManager manager, Output out) {
            Map<String, Object> extras = new LinkedHashMap<>();
            List<Map<String, ?>> rows = new ArrayList<>();
            if (user == null) {
                SessionPage<String> users = manager.listUsers(cursor, limit);
                users.items().forEach(u -> rows.add(Map.of("user", u)));
                extras.put("nextCursor", users.nextCursor());
                out.table(List.of("user"), rows, extras);
                return BrowserStateCli.OK;
            }
            SessionPage<SessionInfo> page = manager.list(user, cursor, limit);
            page.items().forEach(i -> rows.add(session(i)));
            extras.put("nextCursor", page.nextCursor());
            out.table(List.of("session", "version", "files", "bytes", "updated", "accessed"), rows, extras);
            return BrowserStateCli.OK;
        }
    }

    @Command(name = "info", description = "Show one session: version, size, times, browser, attributes.")
    static final class Info extends StoreCommand {
        @Parameters(paramLabel = "USER/SESSION")
        String id = "";

        @Override
        int run(BrowserStateManager manager, Output out) {
            SessionId sid = Store.session(id);
            out.object(session(manager.info(sid).orElseThrow(() -> new SessionNotFoundException(sid))));
            return BrowserStateCli.OK;
        }
    }

    @Command(name = "history", description = "List a session's kept snapshots, newest first.")
    static final class History extends StoreCommand {
        @Parameters(paramLabel = "USER/SESSION")
        String id = "";
        @Option(names = "--limit", description = "snapshots to show (default ${DEFAULT-VALUE})")
        int limit = 20;

        @Override
        int run(BrowserStateManager manager, Output out) {
            List<Map<String, ?>> rows = new ArrayList<>();
            manager.history(Store.session(id), null, limit).items().forEach(s -> rows.add(snapshot(s)));
            out.table(List.of("version", "current", "saved", "by", "files", "bytes", "origin"), rows, Map.of());
            return BrowserStateCli.OK;
        }
    }

    @Command(name = "diff", description = "Paths added, removed and changed between two versions.")
    static final class Diff extends StoreCommand {
        @Parameters(index = "0", paramLabel = "USER/SESSION")
        String id = "";
        @Parameters(index = "1", paramLabel = "FROM")
        long from;
        @Parameters(index = "2", paramLabel = "TO")
        long to;

        @Override
        int run(BrowserStateManager manager, Output out) {
            SnapshotDiff d = manager.diff(Store.session(id), from, to);
            List<Map<String, ?>> rows = new ArrayList<>();
            for (SnapshotDiff.Change c : d.changes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
                m.put("path", c.path());
                m.put("before", c.sizeBefore());
                m.put("after", c.sizeAfter());
                rows.add(m);
            }
            out.table(List.of("kind", "path", "before", "after"), rows, Map.of());
            return BrowserStateCli.OK;
        }
    }

    @Command(name = "export", description = "Restore a session (or one of its versions) into a new directory, or a .tar.zst file.")
    static final class Export extends StoreCommand {
        @Parameters(index = "0", paramLabel = "USER/SESSION")
        String id = "";
        @Parameters(index = "1", paramLabel = "DIRECTORY|FILE.tar.zst", description = "a directory that must not exist or be empty, or a new .tar.zst file")
        Path target = Path.of("");
        @Option(names = "--version", description = "a kept version (default: the current one)")
        @Nullable Long version;

        @Override
        int run(BrowserStateManager manager, Output out) {
            SessionId sid = Store.session(id);
            if (!TarZst.named(target)) {
                RestoreResult r = version == null ? manager.restore(sid, target) : manager.restore(sid, version, target);
                out.object(restored(r));
                return BrowserStateCli.OK;
            }
            Path scratch = Verify.scratch();
            try {
                Path tree = scratch.resolve("profile");
                RestoreResult r = version == null ? manager.restore(sid, tree) : manager.restore(sid, version, tree);
                TarZst.write(tree, target);
                Map<String, Object> m = restored(r);
                m.remove("directory");
                m.put("file", target.toString());
                m.put("fileBytes", Files.size(target));
                out.object(m);
                return BrowserStateCli.OK;
            } catch (IOException e) {
                throw new UncheckedIOException("Writing " + target + " failed: " + e.getMessage(), e);
            } finally {
                Verify.delete(scratch);
            }
        }
    }

    @Command(name = "import", description = "Save a directory, or a .tar.zst file, as a new snapshot of a session.")
    static final class Import extends StoreCommand {
        @Parameters(index = "0", paramLabel = "DIRECTORY|FILE.tar.zst")
        Path source = Path.of("");
        @Parameters(index = "1", paramLabel = "USER/SESSION")
        String id = "";

        @Override
        int run(BrowserStateManager manager, Output out) {
            SaveResult r;
            if (TarZst.named(source)) {
                Path scratch = Verify.scratch();
                try {
                    TarZst.extract(source, scratch.resolve("profile"));
                    r = manager.save(Store.session(id), scratch.resolve("profile"));
                } catch (IOException e) {
                    throw new UncheckedIOException("Reading " + source + " failed: " + e.getMessage(), e);
                } finally {
                    Verify.delete(scratch);
                }
            } else {
                r = manager.save(Store.session(id), source);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", r.id().toString());
            m.put("version", r.version());
            m.put("files", r.fileCount());
            m.put("bytes", r.totalBytes());
            m.put("bytesSent", r.bytesWritten());
            m.put("skipped", r.skipped().stream().map(s -> s.path() + ": " + s.reason()).toList());
            m.put("excluded", r.excluded().size());
            m.put("millis", r.duration().toMillis());
            out.object(m);
            return BrowserStateCli.OK;
        }
    }

    @Command(name = "rm", description = "Delete a session (its chunks go once no other session uses them).")
    static final class Rm extends StoreCommand {
        @Parameters(paramLabel = "USER/SESSION")
        String id = "";

        @Override
        int run(BrowserStateManager manager, Output out) {
            SessionId sid = Store.session(id);
            if (!manager.delete(sid)) {
                throw new SessionNotFoundException(sid);
            }
            out.object(Map.of("deleted", sid.toString()));
            return BrowserStateCli.OK;
        }
    }

    @Command(name = "fork", description = "Publish a session's snapshot as a new session (no chunk copied within one user).")
    static final class Fork extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SOURCE")
        String source = "";
        @Parameters(index = "1", paramLabel = "TARGET")
        String target = "";
        @Option(names = "--version", description = "a kept version of the source (default: the current one)")
        @Nullable Long version;

        @Override
        int run(BrowserStateManager manager, Output out) {
            SessionId from = Store.session(source);
            SnapshotInfo s = version == null ? manager.fork(from, Store.session(target)) : manager.fork(from, version, Store.session(target));
            Map<String, Object> m = new LinkedHashMap<>(snapshot(s));
            m.put("session", s.session().toString());
            out.object(m);
            return BrowserStateCli.OK;
        }
    }

    @Command(name = "rollback", description = "Publish an older version's tree as a new version.")
    static final class Rollback extends StoreCommand {
        @Parameters(index = "0", paramLabel = "USER/SESSION")
        String id = "";
        @Parameters(index = "1", paramLabel = "VERSION")
        long version;

        @Override
        int run(BrowserStateManager manager, Output out) {
            out.object(snapshot(manager.rollback(Store.session(id), version)));
            return BrowserStateCli.OK;
        }
    }

    @Command(name = "verify", description = "Read and check every chunk of a session, or of every session of a user (--user).")
    static final class Verify extends StoreCommand {
        @Parameters(paramLabel = "USER/SESSION", arity = "0..1")
        @Nullable String id;
        @Option(names = "--user", description = "verify every session of this user")
        @Nullable String user;

        @Override
        int run(BrowserStateManager manager, Output out) {
            List<SessionId> ids = new ArrayList<>();
            if (id != null) {
                ids.add(Store.session(id));
            } else if (user != null) {
                all(manager, user).forEach(i -> ids.add(i.id()));
            } else {
                throw new IllegalArgumentException("name a session (USER/SESSION) or --user USER");
            }
            List<Map<String, ?>> rows = new ArrayList<>();
            Throwable first = null;
            for (SessionId sid : ids) {
                Path scratch = scratch();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("session", sid.toString());
                try {
                    RestoreResult r = manager.restore(sid, scratch.resolve("profile"));
                    row.put("version", r.version());
                    row.put("files", r.fileCount());
                    row.put("bytes", r.totalBytes());
                    row.put("result", "ok");
                } catch (RuntimeException e) {
                    row.put("result", "FAILED: " + e.getMessage());
                    first = first == null ? e : first;
                } finally {
                    delete(scratch);
                }
                rows.add(row);
            }
            out.table(List.of("session", "version", "files", "bytes", "result"), rows, Map.of());
            return first == null ? BrowserStateCli.OK : BrowserStateCli.exitCode(first);
        }

        static Path scratch() {
            try {
                return Files.createTempDirectory("browserstate-verify-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void delete(Path p) {
            try {
                Trees.delete(p);
            } catch (IOException e) {
                System.err.println("browserstate: could not remove " + p + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "gc", description = "Delete a user's blobs that no kept snapshot references (after the grace period).")
    static final class Gc extends StoreCommand {
        @Parameters(paramLabel = "USER")
        String user = "";

        @Override
        int run(BrowserStateManager manager, Output out) {
            out.object(garbage(manager.collectGarbage(user)));
            return BrowserStateCli.OK;
        }
    }

    @Command(name = "stats", description = {"What a user's sessions hold and what the store spends on them: sessions, snapshots,",
        "files, logical bytes (current, kept, distinct), stored bytes, garbage and the sharing ratio.",
        "Without USER, one row per user and the totals. Reads every kept manifest; changes nothing."})
    static final class Stats extends StoreCommand {
        @Parameters(paramLabel = "USER", arity = "0..1")
        @Nullable String user;

        @Override
        int run(BrowserStateManager manager, Output out) {
            if (user != null) {
                StoreUsage u = manager.usage(user);
                Map<String, Object> m = usage(u, out.json());
                List<SessionInfo> sessions = all(manager, user);
                m.put("largest", sessions.stream().sorted((a, b) -> Long.compare(b.sizeBytes(), a.sizeBytes())).limit(5)
                        .map(i -> i.id() + " " + ProgressBar.size(i.sizeBytes())).toList());
                out.object(m);
                return BrowserStateCli.OK;
            }
            List<Map<String, ?>> rows = new ArrayList<>();
            long[] total = new long[4];
            boolean storedKnown = true;
            String cursor = null;
            do {
                SessionPage<String> page = manager.listUsers(cursor, 1000);
                for (String u : page.items()) {
                    StoreUsage usage = manager.usage(u);
                    rows.add(usage(usage, out.json()));
                    total[0] += usage.sessions();
                    total[1] += usage.bytes();
                    total[2] += usage.keptBytes();
                    total[3] += usage.bytesStored().orElse(0);
                    storedKnown &= usage.bytesStored().isPresent();
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("users", rows.size());
            totals.put("sessions", total[0]);
            java.util.function.LongFunction<Object> size = b -> out.json() ? b : ProgressBar.size(b);
            totals.put("bytes", size.apply(total[1]));
            totals.put("keptBytes", size.apply(total[2]));
            totals.put("bytesStored", storedKnown ? size.apply(total[3]) : unknown(out.json()));
            out.table(List.of("user", "sessions", "snapshots", "files", "bytes", "keptBytes", "bytesStored", "garbageBytes", "sharingRatio"),
                    rows, totals);
            return BrowserStateCli.OK;
        }

        /** One user's figures: numbers for --json, sizes people read otherwise. */
        private static Map<String, Object> usage(StoreUsage u, boolean json) {
            java.util.function.LongFunction<Object> size = b -> json ? b : ProgressBar.size(b);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", u.userId());
            m.put("sessions", u.sessions());
            if (u.legacySessions() > 0) {
                m.put("legacySessions", u.legacySessions());
            }
            m.put("snapshots", u.snapshots());
            m.put("files", u.files());
            m.put("bytes", size.apply(u.bytes()));
            m.put("keptBytes", size.apply(u.keptBytes()));
            m.put("uniqueBytes", size.apply(u.uniqueBytes()));
            m.put("blobsStored", u.blobsStored());
            m.put("blobsReferenced", u.blobsReferenced());
            m.put("bytesStored", u.bytesStored().isPresent() ? size.apply(u.bytesStored().getAsLong()) : unknown(json));
            m.put("bytesReferenced", u.bytesReferenced().isPresent() ? size.apply(u.bytesReferenced().getAsLong()) : unknown(json));
            m.put("garbageBytes", u.bytesStored().isPresent()
                    ? size.apply(u.bytesStored().getAsLong() - u.bytesReferenced().orElse(0)) : unknown(json));
            m.put("sharingRatio", u.sharingRatio().isPresent()
                    ? (json ? (Object) u.sharingRatio().getAsDouble() : String.format(java.util.Locale.ROOT, "%.2f", u.sharingRatio().getAsDouble()))
                    : unknown(json));
            return m;
        }

        private static @Nullable Object unknown(boolean json) {
            return json ? null : "unknown";
        }
    }

    @Command(name = "migrate", description = {"Move a user's sessions: to the current layout (format 1 -> 2, by default),",
        "into another store (--to URI, e.g. from file: to redis:), or from the original library's Redis keys (--from-legacy URI)."})
    static final class Migrate extends StoreCommand {
        @Parameters(paramLabel = "USER")
        String user = "";
        @Option(names = "--to", paramLabel = "URI", description = "copy the current snapshot of every session of USER into this store")
        @Nullable String to;
        @Option(names = "--to-option", paramLabel = "KEY=VALUE", description = "an option of the --to store (repeatable)")
        Map<String, String> toOptions = new LinkedHashMap<>();
        @Option(names = "--from-legacy", paramLabel = "REDIS_URI", description = "migrate USER's sessions written by the original"
                + " TypeScript/Python BrowserState in this Redis into the store")
        @Nullable String fromLegacy;
        @Option(names = "--legacy-option", paramLabel = "KEY=VALUE", description = "an option of the legacy reader, e.g. keyPrefix=browserstate")
        Map<String, String> legacyOptions = new LinkedHashMap<>();

        @Override
        int run(BrowserStateManager manager, Output out) {
            if (to != null && fromLegacy != null) {
                throw new IllegalArgumentException("give --to or --from-legacy, not both");
            }
            if (fromLegacy != null) {
                return fromLegacy(manager, out, fromLegacy);
            }
            if (to != null) {
                return toStore(manager, out, to);
            }
            MigrationReport r = manager.migrateFormat(user);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", r.userId());
            m.put("migrated", r.migrated().stream().map(SessionId::toString).toList());
            m.put("alreadyCurrent", r.alreadyCurrent());
            m.put("blobsCopied", r.blobsCopied());
            m.put("notMigrated", stringKeys(r.notMigrated()));
            out.object(m);
            return r.notMigrated().isEmpty() ? BrowserStateCli.OK : BrowserStateCli.FAILED;
        }

        /** Each session's current snapshot, restored into a private scratch directory and saved into the other store. */
        private int toStore(BrowserStateManager from, Output out, String uri) {
            io.browserstate.core.BrowserStateConfig target = io.browserstate.core.BrowserStateConfig.of(uri);
            for (Map.Entry<String, String> e : toOptions.entrySet()) {
                target = target.withOption(e.getKey(), e.getValue());
            }
            List<Map<String, ?>> rows = new ArrayList<>();
            Throwable first = null;
            try (BrowserStateManager into = io.browserstate.core.BrowserState.open(target)) {
                ProgressBar bar = ProgressBar.forTerminal(out.json());
                if (bar != null) {
                    into.addListener(bar);
                }
                for (SessionInfo info : all(from, user)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("session", info.id().toString());
                    Path scratch = Verify.scratch();
                    try {
                        RestoreResult r = from.restore(info.id(), scratch.resolve("profile"));
                        SaveResult saved = into.save(info.id(), r.directory(), new io.browserstate.api.SaveOptions(r.browserVersion(),
                                info.attributes()));
                        row.put("fromVersion", r.version());
                        row.put("toVersion", saved.version());
                        row.put("files", saved.fileCount());
                        row.put("bytesSent", saved.bytesWritten());
                        row.put("result", saved.skipped().isEmpty() ? "ok" : "ok, skipped " + saved.skipped());
                    } catch (RuntimeException e) {
                        row.put("result", "FAILED: " + e.getMessage());
                        first = first == null ? e : first;
                    } finally {
                        Verify.delete(scratch);
                    }
                    rows.add(row);
                }
            }
            out.table(List.of("session", "fromVersion", "toVersion", "files", "bytesSent", "result"), rows,
                    Map.of("to", StorageProviders.redact(target.storageUri())));
            return first == null ? BrowserStateCli.OK : BrowserStateCli.exitCode(first);
        }

        private int fromLegacy(BrowserStateManager into, Output out, String uri) {
            try (io.browserstate.legacy.LegacySessions legacy = io.browserstate.legacy.LegacySessions.connect(uri,
                    io.browserstate.legacy.LegacyOptions.fromMap(legacyOptions))) {
                io.browserstate.legacy.MigrationReport r = legacy.migrateUser(user, into, io.browserstate.legacy.MigrationOptions.defaults());
                List<Map<String, ?>> rows = new ArrayList<>();
                for (io.browserstate.legacy.MigrationResult res : r.results()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("session", res.id().toString());
                    row.put("action", res.action().name().toLowerCase(java.util.Locale.ROOT));
                    row.put("format", String.valueOf(res.format()).toLowerCase(java.util.Locale.ROOT));
                    row.put("detail", res.detail());
                    rows.add(row);
                }
                out.table(List.of("session", "action", "format", "detail"), rows, Map.of("summary", r.summary()));
                return r.failures().isEmpty() ? BrowserStateCli.OK : BrowserStateCli.FAILED;
            }
        }
    }

    @Command(name = "rekey", description = "Seal a session (USER/SESSION) or every session of a user (USER) again under the current key.")
    static final class Rekey extends StoreCommand {
        @Parameters(paramLabel = "USER|USER/SESSION")
        String what = "";

        @Override
        int run(BrowserStateManager manager, Output out) {
            RekeyReport r = what.contains("/") ? manager.rekey(Store.session(what)) : manager.rekey(what);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", r.userId());
            m.put("rekeyed", r.rekeyed().stream().map(SessionId::toString).toList());
            m.put("alreadyCurrent", r.alreadyCurrent());
            m.put("snapshotsRewritten", r.snapshotsRewritten());
            m.put("notRekeyed", stringKeys(r.notRekeyed()));
            out.object(m);
            return r.notRekeyed().isEmpty() ? BrowserStateCli.OK : BrowserStateCli.FAILED;
        }
    }

    static Map<String, String> stringKeys(Map<SessionId, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    @Command(name = "doctor", description = "Read the Redis server's settings and warn about what can lose data; report latency.")
    static final class Doctor implements Callable<Integer> {
        @Mixin
        Store store = new Store();

        @Override
        public Integer call() {
            var config = store.config();
            var resolved = io.browserstate.core.BrowserState.resolve(config);
            if (!resolved.factory().name().equals("redis")) {
                throw new IllegalArgumentException("doctor examines Redis stores; " + StorageProviders.redact(config.storageUri())
                        + " is a " + resolved.factory().name() + " store");
            }
            RedisDoctor.Report r = RedisDoctor.examine(resolved.providerUri(), resolved.providerOptions());
            Output out = store.out();
            Function<RedisDoctor.Finding, Map<String, ?>> row = f -> Map.of("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT),
                    "setting", f.setting(), "message", f.message());
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("server", r.server());
            extras.put("version", r.version());
            extras.put("latencyMicros", r.medianLatency().toNanos() / 1000);
            extras.put("healthy", r.healthy());
            out.table(List.of("severity", "setting", "message"), r.findings().stream().map(row).toList(), extras);
            return r.healthy() ? BrowserStateCli.OK : BrowserStateCli.UNHEALTHY;
        }
    }
}
