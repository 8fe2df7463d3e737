package io.browserstate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.api.BrowserStateManager;
import io.browserstate.api.SessionId;
import io.browserstate.core.BrowserState;
import io.browserstate.redis.junit.RedisServer;
import io.browserstate.redis.junit.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers racing on one session, as threads of two managers and as two more processes: each cycle mounts,
 * appends its own line to a ledger file in the profile and closes, or restores, appends and saves based on
 * the restored version. Each attempt either publishes or is refused with {@code SessionConflictException};
 * the final ledger holds every acknowledged line exactly once (no acknowledged save lost, no stale save
 * overwrote a newer one) and no line whose save was refused; no restore is ever corrupt.
 */
class RacingWritersCampaignTest {

    @Test
    @DisplayName("racing writers (threads and processes): every attempt publishes or conflicts, no acknowledged save is lost")
    void racingWriters(@TempDir Path temp) throws Exception {
        int threadCycles = Campaign.size(75);
        int processCycles = Campaign.size(100);
        Campaign c = new Campaign("racing writers, 4 threads in 2 managers and 2 processes");
        SessionId id = SessionId.of("faults", "race");
        Map<String, Object> acknowledged = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        Map<String, String> options = Map.of("keepSnapshots", "1000", "leaseTtl", "10s");
        try (RedisServer redis = TestRedis.server();
                BrowserStateManager first = BrowserState.open(redis.uri(), options);
                BrowserStateManager second = BrowserState.open(redis.uri(), options)) {
            Path seed = temp.resolve("seed");
            FaultTrees.write(seed, 1, FaultTrees.Size.SMALL);
            first.save(id, seed);
            List<Workers> processes = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                Files.createDirectories(temp.resolve("p" + p));
                processes.add(Workers.start("race", redis.uri().toString(), id.userId() + "/" + id.sessionId(), temp.resolve("p" + p).toString(),
                        "process" + p, Integer.toString(processCycles)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                BrowserStateManager states = t % 2 == 0 ? first : second;
                FaultWorker.Racer racer = new FaultWorker.Racer(states, id, Files.createDirectories(temp.resolve("t" + t)), "thread" + t);
                threads.add(pool.submit(() -> {
                    for (int n = 0; n < threadCycles; n++) {
                        FaultWorker.Racer.Result r = racer.cycle(n);
                        record(r.outcome().name(), r.entry(), c, acknowledged, refused);
                    }
                    return null;
                }));
            }
            for (Future<?> f : threads) {
                f.get();
            }
            pool.shutdown();
            for (Workers w : processes) {
                w.awaitExit(600);
                for (String line : w.lines()) {
                    String[] parts = line.split(" ");
                    if (parts.length == 2 && !parts[0].equals("DONE")) {
                        record(parts[0], parts[1], c, acknowledged, refused);
                    } else if (!line.equals("DONE") && !line.startsWith("SLF4J")) {
                        c.count("unexpected worker output");
                        System.out.println("[faults] worker: " + line);
                    }
                }
            }
            Path last = temp.resolve("last");
            first.restore(id, last);
            List<String> ledger = Files.readAllLines(last.resolve("Default/ledger.txt"), StandardCharsets.UTF_8);
            Map<String, Integer> times = new HashMap<>();
            ledger.forEach(e -> times.merge(e, 1, Integer::sum));
            c.add("acknowledged lines in the final ledger", acknowledged.keySet().stream().filter(e -> times.getOrDefault(e, 0) == 1).count());
            c.add("acknowledged saves lost", acknowledged.keySet().stream().filter(e -> !times.containsKey(e)).count());
            c.add("lines twice in the ledger", times.values().stream().filter(n -> n > 1).count());
            c.add("refused saves present in the ledger", refused.stream().filter(times::containsKey).count());
            c.add("versions published", first.info(id).orElseThrow().version() - 1);
        }
        c.report();
        long attempts = c.get("PUBLISHED") + c.get("CONFLICT_AT_MOUNT") + c.get("CONFLICT_AT_SAVE") + c.get("STALE_SAVE_REFUSED");
        assertThat(attempts).isEqualTo(4L * threadCycles + 2L * processCycles);
        assertThat(c.get("PUBLISHED")).as("some attempts publish").isPositive();
        assertThat(c.get("acknowledged saves lost")).isZero();
        assertThat(c.get("lines twice in the ledger")).isZero();
        assertThat(c.get("refused saves present in the ledger")).isZero();
        assertThat(c.get("unexpected worker output")).isZero();
        assertThat(c.get("versions published")).as("one version per acknowledged save").isEqualTo(c.get("PUBLISHED"));
    }

    private static void record(String outcome, String entry, Campaign c, Map<String, Object> acknowledged, Set<String> refused) {
        c.count(outcome);
        if (outcome.equals("PUBLISHED")) {
            acknowledged.put(entry, Boolean.TRUE);
        } else {
            refused.add(entry);
        }
    }
}
