package io.browserstate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.TestRedis;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a JVM saving a profile-shaped tree to Redis, at random moments. After every kill the session
 * restores and holds the last acknowledged tree or the one whose save was in flight; every kept snapshot
 * restores (no head points at a missing chunk); the next worker's first save succeeds, once the dead
 * worker's lease lapsed (4 s TTL) or, when both ran under the same stable {@code leaseOwner}, at once.
 */
class KillNineCampaignTest {

    @Test
    @DisplayName("kill -9 at random moments of saving JVMs: every session restores to a saved tree, the next save succeeds")
    void killNine(@TempDir Path temp) throws Exception {
        int kills = Campaign.size(100);
        Campaign c = new Campaign("kill -9 of saving JVMs");
        Random random = new Random(20261202);
        SessionId id = SessionId.of("faults", "kill-nine");
        try (RedisServer redis = TestRedis.server();
                BrowserStateManager checker = BrowserState.open(redis.uri(), Map.of())) {
            long nextK = 1;
            long saveMillis = 100;
            for (int i = 0; i < kills; i++) {
                // the first tenth under names of their own (the next waits out the 4 s lease), the rest under one stable name
                boolean stable = i >= kills / 10;
                long started = System.nanoTime();
                try (Workers w = Workers.start("save-loop", redis.uri().toString(), id.userId() + "/" + id.sessionId(),
                        temp.resolve("worker").toString(), Long.toString(nextK), stable ? "fault-worker" : "-")) {
                    w.await(l -> l.startsWith("SAVED "), 60);
                    c.add("ms to a new worker's first save", (System.nanoTime() - started) / 1_000_000);
                    long conflicts = w.lines().stream().filter(l -> l.startsWith("CONFLICT ")).count();
                    if (stable && i > kills / 10) {
                        c.add("waits for a lease by a restarted worker with the same owner", conflicts);
                    } else if (i > 0) {
                        c.add("waits for the lease of a killed worker (50 ms each)", conflicts);
                    }
                    // aim at the saves: a random moment from the start of one to twice its usual length later,
                    // and now and then anywhere (writing the tree, between saves)
                    if (random.nextInt(4) == 0) {
                        Thread.sleep(random.nextInt(1000));
                    } else {
                        w.await(l -> l.startsWith("SAVING "), 60);
                        Thread.sleep(random.nextInt((int) Math.max(1, 2 * saveMillis)));
                    }
                    w.kill();
                    c.count("kills");
                    List<String> lines = w.lines();
                    long lastSaved = last(lines, "SAVED ");
                    long lastSaving = last(lines, "SAVING ");
                    c.count(lastSaving > lastSaved ? "kills during a save" : "kills between saves");
                    saveMillis = lines.stream().filter(l -> l.startsWith("SAVED ")).mapToLong(l -> Long.parseLong(l.split(" ")[3]))
                            .reduce((a, b) -> b).orElse(saveMillis);
                    nextK = lastSaving + 1;
                    check(checker, id, temp.resolve("check"), lastSaved, lastSaving, c);
                }
            }
        }
        c.report();
        assertThat(c.get("kills")).isEqualTo(kills);
        assertThat(c.get("unreadable")).as("sessions that did not restore").isZero();
        assertThat(c.get("wrong content")).as("restores that held neither the acknowledged nor the in-flight tree").isZero();
        assertThat(c.get("dangling snapshots")).as("kept snapshots that did not restore").isZero();
        assertThat(c.get("waits for a lease by a restarted worker with the same owner"))
                .as("a worker restarted under the same leaseOwner takes its lease back at once").isZero();
    }

    private static void check(BrowserStateManager states, SessionId id, Path dir, long lastSaved, long lastSaving, Campaign c)
            throws Exception {
        try {
            FaultTrees.clear(dir);
            states.restore(id, dir);
            long k = FaultTrees.whichOf(dir, FaultTrees.Size.PROFILE, lastSaving, lastSaved);
            if (k < 0) {
                c.count("wrong content");
            } else {
                c.count(k == lastSaved ? "restored the acknowledged tree" : "restored the tree in flight");
            }
        } catch (RuntimeException e) {
            c.count("unreadable");
            System.out.println("[faults] unreadable: " + e);
            return;
        }
        for (SnapshotInfo s : states.history(id, null, 100).items()) {
            try {
                FaultTrees.clear(dir);
                states.restore(id, s.version(), dir);
                c.count("kept snapshots restored");
            } catch (RuntimeException e) {
                c.count("dangling snapshots");
                System.out.println("[faults] snapshot " + s.version() + " did not restore: " + e);
            }
        }
    }

    /** The number after the last line starting with {@code prefix}, or 0. */
    static long last(List<String> lines, String prefix) {
        long k = 0;
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                k = Long.parseLong(l.split(" ")[1]);
            }
        }
        return k;
    }
}
