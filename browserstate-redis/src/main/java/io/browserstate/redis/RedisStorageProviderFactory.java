package io.browserstate.redis;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.redis.internal.Durations;
import io.browserstate.redis.internal.RedisStorageProvider;
import io.browserstate.redis.internal.RedisTarget;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Opens Redis storage through Lettuce: standalone ({@code redis://}, {@code rediss://}), Sentinel
 * ({@code redis-sentinel://}, {@code rediss-sentinel://}) and Cluster ({@code redis-cluster://},
 * {@code rediss-cluster://}, a scheme of ours: the seed nodes comma-separated). Registered for
 * {@code ServiceLoader}; it can also be used directly with {@link #create(URI, RedisStorageOptions)}.
 *
 * <p>Options, from the URI query or the options map (the map wins): {@value #KEY_PREFIX},
 * {@value #TTL}, {@value #REFRESH_TTL_ON_ACCESS}, {@value #CONNECT_TIMEOUT}, {@value #COMMAND_TIMEOUT}
 * (see {@link RedisStorageOptions}), and the query parameters Lettuce itself understands
 * ({@code timeout}, {@code database}/{@code db}, {@code clientName}, {@code libraryName},
 * {@code libraryVersion}, {@code verifyPeer}, {@code sentinelMasterId}), which are passed on to it.
 * Anything else is refused, every problem listed at once. No message or log line carries the password.
 *
 * @since 0.1
 */
public final class RedisStorageProviderFactory implements StorageProviderFactory {

    /** Option: first part of every key; default {@value RedisStorageOptions#DEFAULT_KEY_PREFIX}. */
    public static final String KEY_PREFIX = "keyPrefix";
    /** Option: time to live of a session's keys, refreshed by every save, e.g. {@code 7d} or {@code P7D}. */
    public static final String TTL = "ttl";
    /** Option: {@code true} to refresh the time to live on access (restore) too. */
    public static final String REFRESH_TTL_ON_ACCESS = "refreshTtlOnAccess";
    /** Option: connect timeout, e.g. {@code 10s}. */
    public static final String CONNECT_TIMEOUT = "connectTimeout";
    /** Option: command timeout, e.g. {@code 30s}. */
    public static final String COMMAND_TIMEOUT = "commandTimeout";
    /** Option: {@code true} to accept, with a warning, a server whose {@code maxmemory-policy} may evict the store's keys. */
    public static final String ALLOW_EVICTION = "allowEviction";

    /** Option: replicas that must acknowledge a save's head ({@code WAIT}) before it counts as done; default 0. */
    public static final String WAIT_REPLICAS = "waitReplicas";
    /** Option: {@code true} to wait until a save's head is in the append-only file on disk ({@code WAITAOF}, Redis 7.2+). */
    public static final String WAIT_AOF = "waitAof";
    /** Option: how long a save waits for those acknowledgements, e.g. {@code 2s}. */
    public static final String WAIT_TIMEOUT = "waitTimeout";

    /**
     * Option: where the password is, so that it need not sit in the URI: {@code env:VARIABLE} (an
     * environment variable holds it) or {@code file:/path} (a file holds it, one trailing newline
     * ignored). Never the password itself. It wins over a password in the URI.
     */
    public static final String PASSWORD = "password";

    private static final Set<String> OWN_OPTIONS = Set.of(KEY_PREFIX, TTL, REFRESH_TTL_ON_ACCESS, CONNECT_TIMEOUT, COMMAND_TIMEOUT,
            ALLOW_EVICTION, WAIT_REPLICAS, WAIT_AOF, WAIT_TIMEOUT, PASSWORD);

    /** Used by {@code ServiceLoader}. */
    public RedisStorageProviderFactory() {
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<String> schemes() {
        return RedisTarget.SCHEMES;
    }

    @Override
    public Set<String> options() {
        Set<String> all = new TreeSet<>(OWN_OPTIONS);
        all.addAll(RedisTarget.LETTUCE_PARAMETERS);
        return all;
    }

    @Override
    public StorageProvider create(URI uri, Map<String, String> options) {
        return open(uri, options, null);
    }

    /**
     * Opens a provider with typed options. The URI's query may hold Lettuce's own parameters only, but
     * not {@code timeout}: the command timeout is {@link RedisStorageOptions#commandTimeout()}.
     *
     * @param uri the Redis URI, in one of the schemes this factory claims
     * @param options the provider's options
     * @return a new provider, connected; the caller closes it
     * @throws InvalidConfigurationException listing every problem with the URI
     * @throws io.browserstate.api.StorageException when Redis cannot be reached
     */
    public StorageProvider create(URI uri, RedisStorageOptions options) {
        return open(uri, Map.of(), Objects.requireNonNull(options, "options"));
    }

    /**
     * The one way in: parses {@code uri}, its query and {@code given}, and connects.
     *
     * @param typed the options to use, or {@code null} to read them from the query and {@code given}
     */
    private StorageProvider open(URI uri, Map<String, String> given, @Nullable RedisStorageOptions typed) {
        List<String> problems = new ArrayList<>();
        RedisTarget target = RedisTarget.parse(uri, problems);
        Map<String, String> merged = new LinkedHashMap<>(RedisTarget.query(uri));
        merged.putAll(given);
        Map<String, String> own = new LinkedHashMap<>();
        Map<String, String> lettuce = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            boolean timeout = key.equals(RedisURI.PARAMETER_NAME_TIMEOUT);
            if (typed != null && ((OWN_OPTIONS.contains(key) && !key.equals(PASSWORD)) || timeout)) {
                problems.add("option '" + key + "' is in the URI and would be ignored; set " + (timeout ? COMMAND_TIMEOUT : key)
                        + " in RedisStorageOptions");
            } else if (OWN_OPTIONS.contains(key)) {
                own.put(key, value);
            } else if (RedisTarget.LETTUCE_PARAMETERS.contains(key)) {
                lettuce.put(key, value);
            } else {
                problems.add("option '" + key + "' is not understood by the redis provider; it understands " + options());
            }
        }
        char @Nullable [] password = own.containsKey(PASSWORD) ? RedisPasswords.read(own.remove(PASSWORD), System.getenv(), problems) : null;
        RedisStorageOptions parsed = typed != null ? typed : parse(own, problems);
        @Nullable List<RedisURI> uris = null;
        if (target != null && problems.isEmpty()) {
            try {
                uris = target.lettuceUris(lettuce);
                if (password != null) {
                    for (RedisURI u : uris) {
                        withPassword(u, password);
                    }
                }
            } catch (RuntimeException e) {
                problems.add("Lettuce refused " + target.description() + ": " + target.redaction().apply(e.getMessage()));
            }
        }
        if (!problems.isEmpty() || uris == null || parsed == null) {
            throw new InvalidConfigurationException(problems.isEmpty() ? List.of("the storage URI names no Redis target") : problems);
        }
        if (typed == null && !own.containsKey(COMMAND_TIMEOUT) && lettuce.containsKey(RedisURI.PARAMETER_NAME_TIMEOUT)) {
            parsed = parsed.toBuilder().commandTimeout(uris.get(0).getTimeout()).build();
        }
        return RedisStorageProvider.open(target, uris, parsed);
    }

    /** Sets the password of {@code uri}, keeping the user name its URI gave (an ACL user). */
    private static void withPassword(RedisURI uri, char[] password) {
        String user = null;
        if (uri.getCredentialsProvider() instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider given) {
            RedisCredentials now = given.resolveCredentialsNow();
            user = now != null && now.hasUsername() ? now.getUsername() : null;
        }
        uri.setCredentialsProvider(new StaticCredentialsProvider(user, password));
    }

    /** Our own options from text; problems are added to {@code problems} (and {@code null} returned with them). */
    private static @Nullable RedisStorageOptions parse(Map<String, String> own, List<String> problems) {
        RedisStorageOptions.Builder builder = RedisStorageOptions.builder();
        own.forEach((key, value) -> {
            switch (key) {
                case KEY_PREFIX -> builder.keyPrefix(value);
                case TTL -> builder.ttl(duration(key, value, problems));
                case REFRESH_TTL_ON_ACCESS -> builder.refreshTtlOnAccess(bool(key, value, problems));
                case ALLOW_EVICTION -> builder.allowEviction(bool(key, value, problems));
                case WAIT_REPLICAS -> builder.waitReplicas(integer(key, value, problems));
                case WAIT_AOF -> builder.waitAof(bool(key, value, problems));
                case WAIT_TIMEOUT -> builder.waitTimeout(orDefault(duration(key, value, problems), RedisStorageOptions.DEFAULT_WAIT_TIMEOUT));
                case CONNECT_TIMEOUT -> builder.connectTimeout(orDefault(duration(key, value, problems),
                        RedisStorageOptions.DEFAULT_CONNECT_TIMEOUT));
                case COMMAND_TIMEOUT -> builder.commandTimeout(orDefault(duration(key, value, problems),
                        RedisStorageOptions.DEFAULT_COMMAND_TIMEOUT));
                default -> throw new IllegalStateException("not an own option: " + key);
            }
        });
        try {
            return builder.build();
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static @Nullable Duration duration(String key, String value, List<String> problems) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }

    private static int integer(String key, String value, List<String> problems) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            problems.add(key + " must be a whole number, was '" + value + "'");
            return 0;
        }
    }

    private static Duration orDefault(@Nullable Duration d, Duration fallback) {
        return d == null ? fallback : d;
    }

    private static boolean bool(String key, String value, List<String> problems) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        problems.add(key + " must be true or false, was '" + value + "'");
        return false;
    }
}
