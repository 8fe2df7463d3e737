package io.browserstate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateException;
import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SaveResult;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisSentinel;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.TestRedis;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentinel failovers ({@code SENTINEL FAILOVER}, the replica promoted while the old master still takes
 * writes until Sentinel turns it into a replica) during a save loop, once with the store's defaults and
 * once with {@code waitReplicas=1}. The client follows each new master without a restart; the campaign
 * counts the acknowledged saves the new master does not have, and checks that no version number was
 * acknowledged for two different snapshots (a head that went backwards does not get its numbers again).
 */
class FailoverCampaignTest {

    @Test
    @DisplayName("Sentinel failovers during a save loop: the client follows; with waitReplicas no acknowledged save is lost")
    void failovers(@TempDir Path temp) throws Exception {
        int failovers = Campaign.size(1);
        Campaign without = run(temp.resolve("without"), failovers, false);
        Campaign with = run(temp.resolve("with"), failovers, true);
        assertThat(without.get("failovers followed")).isEqualTo(failovers);
        assertThat(with.get("failovers followed")).isEqualTo(failovers);
        assertThat(without.get("version numbers acknowledged for two snapshots")).isZero();
        assertThat(with.get("version numbers acknowledged for two snapshots")).isZero();
        assertThat(with.get("acknowledged saves lost")).as("with waitReplicas=1 a failover loses no acknowledged save").isZero();
    }

    private static Campaign run(Path temp, int failovers, boolean waitReplicas) throws Exception {
        Campaign c = new Campaign("Sentinel failover during a save loop, " + (waitReplicas ? "waitReplicas=1" : "no waiting (the default)"));
        SessionId id = SessionId.of("faults", "failover");
        Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicLong acks = new AtomicLong();
        try (RedisSentinel sentinel = TestRedis.sentinel()) {
            String uri = sentinel.uri().toString();
            int hash = uri.indexOf('#');
            String query = "?commandTimeout=5s" + (waitReplicas ? "&waitReplicas=1&waitTimeout=500ms" : "");
            URI store = URI.create(uri.substring(0, hash) + query + uri.substring(hash));
            try (BrowserStateManager states = BrowserState.open(store, Map.of("keepSnapshots", "1000", "leaseTtl", "5s"))) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread saver = new Thread(() -> {
                    Path dir = temp.resolve("profile");
                    for (long k = 1; !stop.get(); k++) {
                        FaultTrees.write(dir, k, FaultTrees.Size.SMALL);
                        try {
                            SaveResult r = states.save(id, dir);
                            Long before = acknowledged.put(r.version(), k);
                            if (before != null) {
                                c.count("version numbers acknowledged for two snapshots");
                            }
                            acks.incrementAndGet();
                            c.count("acknowledged saves");
                        } catch (BrowserStateException e) {
                            c.count("saves that failed (" + e.getClass().getSimpleName() + ")");
                        }
                    }
                }, "failover-saver");
                saver.start();
                RedisServer probe = sentinel.sentinels().get(0);
                try {
                    for (int f = 0; f < failovers; f++) {
                        awaitAcks(acks, acks.get() + 10, c);
                        String master = masterOf(probe, sentinel.masterName());
                        probe.cli("SENTINEL", "FAILOVER", sentinel.masterName());
                        if (!Poll.until(60, () -> !masterOf(probe, sentinel.masterName()).equals(master))) {
                            throw new AssertionError("Sentinel did not fail over from " + master + " within 60 s");
                        }
                        long switched = System.nanoTime();
                        awaitAcks(acks, acks.get() + 5, c);
                        c.add("ms from the switch to 5 saves on the new master", (System.nanoTime() - switched) / 1_000_000);
                        c.count("failovers followed");
                        awaitReplicaInSync(sentinel, probe);
                    }
                } finally {
                    stop.set(true);
                    saver.join(60_000);
                }
                long lost = 0;
                Path dir = temp.resolve("check");
                Map<Long, Long> kept = new java.util.HashMap<>();
                for (SnapshotInfo s : states.history(id, null, 1000).items()) {
                    kept.put(s.version(), 0L);
                }
                for (Map.Entry<Long, Long> e : acknowledged.entrySet()) {
                    boolean ok = false;
                    if (kept.containsKey(e.getKey())) {
                        FaultTrees.clear(dir);
                        states.restore(id, e.getKey(), dir);
                        ok = FaultTrees.whichOf(dir, FaultTrees.Size.SMALL, e.getValue()) == e.getValue();
                    }
                    if (!ok) {
                        lost++;
                    }
                }
                c.add("acknowledged saves lost", lost);
            }
        }
        c.report();
        return c;
    }

    private static void awaitAcks(AtomicLong acks, long target, Campaign c) throws InterruptedException {
        if (!Poll.until(90, () -> acks.get() >= target)) {
            c.report();
            throw new AssertionError("the save loop did not reach " + target + " acknowledged saves within 90 s");
        }
    }

    /** Waits until the new master has a replica in sync again, as the next failover needs one to promote. */
    private static void awaitReplicaInSync(RedisSentinel sentinel, RedisServer probe) throws InterruptedException {
        boolean inSync = Poll.until(60, () -> {
            String replicas = probe.cli("SENTINEL", "REPLICAS", sentinel.masterName());
            return replicas.contains("master-link-status\nok") && !replicas.contains("s_down") && !replicas.contains("disconnected");
        });
        if (inSync) {
            return;
        }
        throw new AssertionError("no replica in sync within 60 s: " + probe.cli("SENTINEL", "REPLICAS", sentinel.masterName()));
    }

    private static String masterOf(RedisServer sentinel, String name) {
        return sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name).trim();
    }
}
