package io.browserstate.tck;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.GarbageReport;
import io.browserstate.api.SaveFailedException;
import io.browserstate.api.SessionConflictException;
import io.browserstate.api.SessionId;
import io.browserstate.api.SessionInfo;
import io.browserstate.api.SessionPage;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.tree.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A garbage-collection race on one user's shared space: savers, forkers, rollbacks, deleters and
 * collectors run at once on sessions whose trees are built from a small pool of file contents (so that
 * most chunks are shared, dropped and reused again while collections run), with a grace period short
 * enough that collections do delete during the race. Afterwards every kept snapshot of every live
 * session must restore to exactly the tree it was published with, and, once the grace period has
 * passed, a collection must leave nothing that no kept snapshot references.
 *
 * <p>Used by the kit ({@link GcSafetyGroup}, a short run) and by store tests that run it longer.
 *
 * @since 0.3
 */
public final class GcRace {
    private static final int POOL = 24;
    /** The count of saves refused for missing their publish deadline. */
    static final String REFUSED = "save refused: missed its deadline";
    private static final int FILES_PER_TREE = 6;

    private final BrowserStateManager manager;
    private final String userId;
    private final Path work;
    private final long seed;
    private final List<byte[]> contents = new ArrayList<>();
    /**
     * The tree each saved manifest holds, by manifest id, recorded when the save returned. Forks and
     * rollbacks publish existing manifests, so every kept snapshot is checked against the save that
     * wrote its tree, whatever happened to session names and version numbers meanwhile (a deleted
     * session's id may be saved again, from version 1).
     */
    private final Map<String, SortedMap<String, String>> published = new ConcurrentHashMap<>();
    private final List<SessionId> live = new CopyOnWriteArrayList<>();
    private final AtomicInteger names = new AtomicInteger();
    private final AtomicLong dirs = new AtomicLong();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** What a run did and found. */
    public record Outcome(int operations, Map<String, Integer> byKind, int sessionsVerified, int snapshotsVerified,
                          List<String> problems, GarbageReport finalCollection) {
    }

    /**
     * Prepares a race.
     *
     * @param manager the manager every operation goes through; its {@code gcGrace} should be about a second
     * @param userId the user whose space is raced on; should be fresh
     * @param work a directory for the trees, restored copies included
     * @param seed the seed of the operations and contents
     */
    public GcRace(BrowserStateManager manager, String userId, Path work, long seed) {
        this.manager = manager;
        this.userId = userId;
        this.work = work;
        this.seed = seed;
        Random r = new Random(seed);
        for (int i = 0; i < POOL; i++) {
            contents.add(i % 3 == 0 ? ProfileTrees.text(r, 3000 + r.nextInt(40_000)) : ProfileTrees.random(r, 2000 + r.nextInt(30_000)));
        }
    }

    /**
     * Runs {@code operations} operations on {@code threads} threads, then verifies every kept snapshot,
     * waits out {@code grace}, collects twice and verifies again.
     *
     * @param operations how many operations to run in all
     * @param threads how many run at once
     * @param grace the manager's {@code gcGrace}, waited out before the final collections
     * @return what happened, with every problem found
     * @throws Exception when a thread fails outside the operations themselves
     */
    public Outcome run(int operations, int threads, java.time.Duration grace) throws Exception {
        for (int i = 0; i < 3; i++) {
            create(new Random(seed + i));
        }
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long threadSeed = seed * 31 + t;
                workers.add(pool.submit(() -> {
                    Random r = new Random(threadSeed);
                    while (next.getAndIncrement() < operations) {
                        try {
                            operate(r);
                        } catch (SessionConflictException expected) {
                            count("conflict");
                        } catch (BrowserStateException e) {
                            problems.add("operation failed: " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        int refusals = countOf(REFUSED);
        int saves = refusals + countOf("save") + countOf("create");
        if (refusals * 4 > saves) {
            problems.add(refusals + " of " + saves + " saves missed their publish deadline: most must publish within the grace period");
        }
        int[] verified = verify(problems);
        // collect until nothing is left in its grace period (it ends grace after the race's last claim)
        long deadline = System.nanoTime() + grace.toNanos() + TimeUnit.SECONDS.toNanos(30);
        while (manager.collectGarbage(userId).blobsInGrace() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        GarbageReport last = manager.collectGarbage(userId);
        if (last.blobsStored() != last.blobsReferenced() || last.blobsInGrace() != 0) {
            problems.add("after the grace period the space holds " + last.blobsStored() + " blobs, of which only " + last.blobsReferenced()
                    + " are referenced: " + last);
        }
        int[] again = verify(problems);
        if (again[1] != verified[1]) {
            problems.add("the final collections changed what restores: " + verified[1] + " snapshots before, " + again[1] + " after");
        }
        Map<String, Integer> byKind = new java.util.TreeMap<>();
        counts.forEach((k, v) -> byKind.put(k, v.get()));
        return new Outcome(operations, byKind, verified[0], verified[1], List.copyOf(problems), last);
    }

    private int countOf(String kind) {
        AtomicInteger n = counts.get(kind);
        return n == null ? 0 : n.get();
    }

    private void count(String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    private void operate(Random r) throws IOException {
        int dice = r.nextInt(100);
        if (dice < 40 || live.isEmpty()) {
            save(r);
        } else if (dice < 60) {
            fork(r);
        } else if (dice < 70) {
            rollback(r);
        } else if (dice < 80) {
            delete(r);
        } else if (dice < 88) {
            create(r);
        } else {
            manager.collectGarbage(userId);
            count("collect");
        }
    }

    /** A live session, or {@code null} when other threads deleted them all meanwhile. */
    private @org.jspecify.annotations.Nullable SessionId pick(Random r) {
        List<SessionId> now = List.copyOf(live);
        return now.isEmpty() ? null : now.get(r.nextInt(now.size()));
    }

    private Path tree(Random r) {
        Path dir = work.resolve("t" + dirs.incrementAndGet());
        for (int i = 0; i < FILES_PER_TREE; i++) {
            ProfileTrees.write(dir.resolve("Default/f" + i), contents.get(r.nextInt(POOL)));
        }
        ProfileTrees.write(dir.resolve("Default/unique"), ("tree " + dir.getFileName()).getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    private void create(Random r) throws IOException {
        SessionId id = SessionId.of(userId, "s" + names.incrementAndGet());
        Path dir = tree(r);
        try {
            published.put(manager.save(id, dir).snapshotId(), ProfileTrees.describe(dir));
            live.add(id);
            count("create");
        } catch (SaveFailedException e) {
            refused(e, dir);
        } finally {
            Trees.delete(dir);
        }
    }

    private void save(Random r) throws IOException {
        SessionId id = pick(r);
        if (id == null) {
            create(r);
            return;
        }
        Path dir = tree(r);
        try {
            published.put(manager.save(id, dir).snapshotId(), ProfileTrees.describe(dir));
            count("save");
        } catch (SaveFailedException e) {
            refused(e, dir);
        } finally {
            Trees.delete(dir);
        }
    }

    /**
     * A save refused for missing its publish deadline is the safe outcome on a loaded machine (its claims may have
     * expired): counted, with the local tree required to be intact; any other failed save is rethrown as a problem.
     */
    private void refused(SaveFailedException e, Path dir) throws IOException {
        if (!SaveDeadline.missed(e)) {
            throw e;
        }
        Path kept = e.keptDirectory();
        if (kept == null || !Files.isSameFile(kept, dir) || !Files.isRegularFile(dir.resolve("Default/unique"))) {
            throw new IllegalStateException("a refused save did not keep its local profile " + dir + " (reported " + e.keptDirectory() + ")", e);
        }
        count(REFUSED);
    }

    private void fork(Random r) throws IOException {
        SessionId source = pick(r);
        if (source == null) {
            create(r);
            return;
        }
        List<SnapshotInfo> kept;
        try {
            kept = manager.history(source, null, 100).items();
        } catch (io.browserstate.api.SessionNotFoundException deleted) {
            count("fork of a deleted session");
            return;
        }
        SnapshotInfo from = kept.get(r.nextInt(kept.size()));
        SessionId target = SessionId.of(userId, "s" + names.incrementAndGet());
        try {
            manager.fork(source, from.version(), target);
        } catch (io.browserstate.api.SessionNotFoundException deleted) {
            count("fork of a deleted session");
            return;
        }
        live.add(target);
        count("fork");
    }

    private void rollback(Random r) throws IOException {
        SessionId id = pick(r);
        if (id == null) {
            create(r);
            return;
        }
        try {
            List<SnapshotInfo> kept = manager.history(id, null, 100).items();
            SnapshotInfo to = kept.get(r.nextInt(kept.size()));
            manager.rollback(id, to.version());
            count("rollback");
        } catch (io.browserstate.api.SessionNotFoundException goneOrDropped) {
            count("rollback of a version no longer kept");
        }
    }

    private void delete(Random r) throws IOException {
        SessionId id = pick(r);
        if (id == null) {
            create(r);
            return;
        }
        live.remove(id);
        try {
            manager.delete(id);
            count("delete");
        } catch (SessionConflictException busy) {
            live.add(id);
            throw busy;
        }
    }

    /** Restores every kept snapshot of every listed session; returns {sessions, snapshots} verified. */
    private int[] verify(List<String> problems) throws IOException {
        int sessions = 0;
        int snapshots = 0;
        String cursor = null;
        do {
            SessionPage<SessionInfo> page = manager.list(userId, cursor, 100);
            for (SessionInfo info : page.items()) {
                sessions++;
                for (SnapshotInfo s : manager.history(info.id(), null, 1000).items()) {
                    SortedMap<String, String> expected = published.get(s.manifestId());
                    Path restored = work.resolve("verify-" + dirs.incrementAndGet());
                    try {
                        manager.restore(info.id(), s.version(), restored);
                        if (expected == null) {
                            problems.add(info.id() + " v" + s.version() + " was never reported published");
                        } else if (!expected.equals(ProfileTrees.describe(restored))) {
                            problems.add(info.id() + " v" + s.version() + " restores another tree than it was published with");
                        }
                        snapshots++;
                    } catch (BrowserStateException e) {
                        problems.add(info.id() + " v" + s.version() + " does not restore: " + e);
                    } finally {
                        if (Files.exists(restored)) {
                            Trees.delete(restored);
                        }
                    }
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return new int[] {sessions, snapshots};
    }
}
