package io.browserstate.redis;

import io.browserstate.redis.internal.RedisDiagnosis;
import io.browserstate.redis.internal.RedisStorageProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Redis server's settings and says what can lose a store's data: an eviction policy that can
 * evict its keys, persistence off, replicas a master does not wait for, memory nearly full. Used by
 * the CLI's {@code doctor}; an application can call it at start-up.
 *
 * @since 0.5
 */
public final class RedisDoctor {
    private static final int PINGS = 10;

    private RedisDoctor() {
    }

    /** How serious a finding is. */
    public enum Severity {
        /** Data can be lost, or the store refuses to open. */
        WARNING,
        /** Worth knowing; nothing is at risk. */
        NOTE
    }

    /**
     * One thing found.
     *
     * @param severity how serious it is
     * @param setting the setting it is about ({@code maxmemory-policy}, {@code appendonly}...)
     * @param message what is wrong and what to do
     */
    public record Finding(Severity severity, String setting, String message) {
    }

    /**
     * What the doctor found.
     *
     * @param server the server as described (password masked)
     * @param version the server's version, or {@code unknown}
     * @param findings what it found, warnings first
     * @param medianLatency median round trip of {@value #PINGS} PINGs
     * @param settings the settings it read
     */
    public record Report(String server, String version, List<Finding> findings, Duration medianLatency, Map<String, String> settings) {
        /**
         * Copies the lists.
         *
         * @param server the server as described
         * @param version the server's version
         * @param findings what it found
         * @param medianLatency median round trip
         * @param settings the settings read
         */
        public Report {
            findings = List.copyOf(findings);
            settings = Map.copyOf(settings);
        }

        /**
         * Whether nothing can lose data.
         *
         * @return {@code true} when there is no warning
         */
        public boolean healthy() {
            return findings.stream().noneMatch(f -> f.severity() == Severity.WARNING);
        }
    }

    /**
     * Connects as the store would (same URI and options; the eviction guard is lifted so that a
     * dangerous server can be examined) and judges the server.
     *
     * @param uri the store's URI
     * @param options the provider's options ({@code ttl} decides whether {@code volatile-*} is dangerous)
     * @return the report
     * @throws io.browserstate.api.StorageException when the server cannot be reached
     */
    public static Report examine(URI uri, Map<String, String> options) {
        Map<String, String> opened = new LinkedHashMap<>(options);
        opened.put(RedisStorageProviderFactory.ALLOW_EVICTION, "true");
        try (RedisStorageProvider provider = (RedisStorageProvider) new RedisStorageProviderFactory().create(uri, opened)) {
            return judge(provider.describe(), provider.diagnose(PINGS), provider.usesTtl());
        }
    }

    static Report judge(String server, RedisDiagnosis d, boolean ttl) {
        Map<String, String> c = d.config();
        Map<String, String> info = info(d.info());
        List<Finding> found = new ArrayList<>();
        if (c.isEmpty()) {
            found.add(new Finding(Severity.WARNING, "CONFIG", "CONFIG GET is refused (renamed or forbidden, as on many managed services):"
                    + " check by hand that maxmemory-policy is noeviction and that persistence is on"));
        }
        String policy = c.get("maxmemory-policy");
        if (policy != null && policy.startsWith("allkeys-")) {
            found.add(new Finding(Severity.WARNING, "maxmemory-policy", "maxmemory-policy is " + policy + ": when memory runs out Redis"
                    + " evicts any key, a session's chunks or head among them, and the session is lost without an error. Set"
                    + " noeviction (CONFIG SET maxmemory-policy noeviction, and in redis.conf)"));
        } else if (policy != null && policy.startsWith("volatile-")) {
            found.add(ttl ? new Finding(Severity.WARNING, "maxmemory-policy", "maxmemory-policy is " + policy + " and this store gives"
                    + " its keys a ttl: Redis may evict them when memory runs out. Set noeviction, or drop the ttl option")
                    : new Finding(Severity.NOTE, "maxmemory-policy", "maxmemory-policy is " + policy + ": safe while the store sets no"
                    + " ttl (its keys then never expire, so they are never evicted); noeviction is safer"));
        }
        if ("no".equals(c.get("appendonly")) && c.containsKey("save") && c.get("save").isBlank()) {
            found.add(new Finding(Severity.WARNING, "appendonly", "persistence is off (appendonly no, save \"\"): a restart of Redis"
                    + " loses every session. Set appendonly yes (and appendfsync everysec or always)"));
        } else if ("no".equals(c.get("appendonly"))) {
            found.add(new Finding(Severity.NOTE, "appendonly", "only RDB snapshots (save " + c.get("save") + "): a crash loses the saves"
                    + " since the last snapshot. appendonly yes keeps them"));
        } else if ("yes".equals(c.get("appendonly")) && "no".equals(c.get("appendfsync"))) {
            found.add(new Finding(Severity.NOTE, "appendfsync", "appendfsync no: the operating system decides when the AOF reaches the"
                    + " disk, so a power loss can lose about 30 s of saves. everysec bounds it to 1 s"));
        }
        long replicas = number(info.get("connected_slaves"));
        if ("master".equals(info.get("role")) && replicas > 0 && number(c.get("min-replicas-to-write")) == 0) {
            found.add(new Finding(Severity.WARNING, "min-replicas-to-write", "the master has " + replicas + " replica(s) and"
                    + " min-replicas-to-write 0: a failover loses the saves a replica had not received yet. Set min-replicas-to-write,"
                    + " or the store's waitReplicas option so that a save counts only once replicated"));
        }
        long max = number(c.get("maxmemory"));
        long used = number(info.get("used_memory"));
        if (max > 0 && used > max * 0.9) {
            found.add(new Finding(Severity.WARNING, "maxmemory", String.format(Locale.ROOT, "memory is %.0f%% full (%d of %d bytes):"
                    + " new saves will soon be refused (noeviction) or keys evicted. Raise maxmemory, or collect garbage and prune",
                    100.0 * used / max, used, max)));
        }
        found.sort((a, b) -> a.severity().compareTo(b.severity()));
        long[] pings = d.pingNanos().clone();
        Arrays.sort(pings);
        Duration median = pings.length == 0 ? Duration.ZERO : Duration.ofNanos(pings[pings.length / 2]);
        Map<String, String> settings = new LinkedHashMap<>(c);
        settings.put("role", info.getOrDefault("role", "unknown"));
        settings.put("used_memory", Long.toString(used));
        return new Report(server, info.getOrDefault("redis_version", "unknown"), found, median, settings);
    }

    private static Map<String, String> info(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    private static long number(@Nullable String v) {
        try {
            return v == null ? 0 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
