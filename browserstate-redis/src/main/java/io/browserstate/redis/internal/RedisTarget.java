package io.browserstate.redis.internal;

import io.browserstate.spi.Redaction;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where to connect: a parsed storage URI in one of the accepted forms, with the Lettuce URIs to
 * connect with and a description that holds no secret.
 *
 * <pre>
 * redis://[[user]:password@]host[:port][/db]
 * rediss://...                                              (TLS)
 * redis-sentinel://[[user]:password@ | password@]host1[:port1],host2[:port2][/db]#masterId
 * rediss-sentinel://...                                     (TLS)
 * redis-cluster://[[user]:password@]host1[:port1],host2[:port2]   (our scheme; db must be 0)
 * rediss-cluster://...                                      (TLS)
 * </pre>
 */
public final class RedisTarget {

    /** How the nodes are organised. */
    public enum Topology { STANDALONE, SENTINEL, CLUSTER }

    /** The schemes understood. */
    public static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster",
            "rediss-cluster");

    /** Query parameters that Lettuce itself understands and that are passed on to it. */
    public static final Set<String> LETTUCE_PARAMETERS = Set.of(RedisURI.PARAMETER_NAME_TIMEOUT, RedisURI.PARAMETER_NAME_DATABASE,
            RedisURI.PARAMETER_NAME_DATABASE_ALT, RedisURI.PARAMETER_NAME_CLIENT_NAME, RedisURI.PARAMETER_NAME_LIBRARY_NAME,
            RedisURI.PARAMETER_NAME_LIBRARY_VERSION, RedisURI.PARAMETER_NAME_VERIFY_PEER, RedisURI.PARAMETER_NAME_SENTINEL_MASTER_ID);

    private final Topology topology;
    private final String scheme;
    private final String userInfo;
    private final List<String> hosts;
    private final String path;
    private final String fragment;
    private final String description;
    private final Redaction redaction;

    private RedisTarget(Topology topology, String scheme, String userInfo, List<String> hosts, String path, String fragment,
            Redaction redaction) {
        this.topology = topology;
        this.scheme = scheme;
        this.userInfo = userInfo;
        this.hosts = List.copyOf(hosts);
        this.path = path;
        this.fragment = fragment;
        this.redaction = redaction;
        this.description = describe();
    }

    /**
     * Parses {@code uri}, adding every problem found to {@code problems}.
     *
     * @return the target, or {@code null} when there were problems
     */
    public static RedisTarget parse(URI uri, List<String> problems) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Redaction redaction = Redaction.forUserInfo(uri.getRawAuthority());
        if (!SCHEMES.contains(scheme)) {
            problems.add("scheme '" + scheme + "' is not a Redis scheme; use one of " + SCHEMES.stream().sorted().toList());
            return null;
        }
        Topology topology = scheme.endsWith("-sentinel") ? Topology.SENTINEL
                : scheme.endsWith("-cluster") ? Topology.CLUSTER : Topology.STANDALONE;
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            problems.add("the URI names no host (" + scheme + "://host:port)");
            return null;
        }
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at) : null;
        List<String> hosts = new ArrayList<>();
        for (String host : authority.substring(at + 1).split(",", -1)) {
            String h = host.strip();
            if (h.isEmpty()) {
                problems.add("an empty host in the host list");
                continue;
            }
            int colon = h.lastIndexOf(':');
            if (colon > 0 && !h.endsWith("]")) {
                String port = h.substring(colon + 1);
                if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                    problems.add("'" + port + "' is not a port (in host '" + h.substring(0, colon) + "')");
                }
            }
            hosts.add(h);
        }
        if (topology == Topology.STANDALONE && hosts.size() > 1) {
            problems.add(scheme + ":// takes one host; for several use redis-sentinel:// or redis-cluster://");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,5}")) {
            problems.add("the path '" + path + "' must be empty or a database number such as /0");
        }
        if (topology == Topology.CLUSTER && path.matches("/\\d+") && Integer.parseInt(path.substring(1)) != 0) {
            problems.add("Redis Cluster has database 0 only, the URI names " + path.substring(1));
        }
        String fragment = uri.getRawFragment();
        if (topology == Topology.SENTINEL && (fragment == null || fragment.isEmpty())) {
            problems.add("a Sentinel URI names the master after '#': redis-sentinel://host1:26379,host2:26379/0#mymaster");
        }
        if (topology == Topology.SENTINEL && fragment != null && fragment.indexOf('?') >= 0) {
            String master = fragment.substring(0, fragment.indexOf('?'));
            problems.add("options after the master name ('#" + fragment + "') would be lost: write the query before the fragment, as in "
                    + scheme + "://host:26379/0?" + fragment.substring(fragment.indexOf('?') + 1) + "#" + master);
        } else if (topology == Topology.SENTINEL && fragment != null && !fragment.isEmpty() && !fragment.matches("[A-Za-z0-9._-]+")) {
            problems.add("the Sentinel master name '" + fragment + "' may hold only letters, digits, '.', '_' and '-'");
        }
        if (topology != Topology.SENTINEL && fragment != null) {
            problems.add("a fragment ('#" + fragment + "') means a Sentinel master name; use redis-sentinel://");
        }
        return new RedisTarget(topology, scheme, userInfo, hosts, path, fragment, redaction);
    }

    /** The scheme's topology. */
    public Topology topology() {
        return topology;
    }

    /** Replaces secrets of this URI in messages. */
    public Redaction redaction() {
        return redaction;
    }

    /**
     * The Lettuce URIs to connect with: one for standalone and Sentinel (holding the sentinels), one
     * per seed node for Cluster.
     *
     * @param lettuceParameters query parameters passed on to Lettuce
     */
    public List<RedisURI> lettuceUris(Map<String, String> lettuceParameters) {
        String query = lettuceParameters.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String credentials = userInfo == null ? "" : userInfo + "@";
        String q = query.isEmpty() ? "" : "?" + query;
        if (topology == Topology.CLUSTER) {
            String base = scheme.startsWith("rediss") ? "rediss://" : "redis://";
            List<RedisURI> uris = new ArrayList<>();
            for (String host : hosts) {
                uris.add(RedisURI.create(base + credentials + host + q));
            }
            return uris;
        }
        String text = scheme + "://" + credentials + String.join(",", hosts) + path + q + (fragment == null ? "" : "#" + fragment);
        return List.of(RedisURI.create(text));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The URI without credentials or query, e.g. {@code redis://127.0.0.1:6379/0}. */
    public String description() {
        return description;
    }

    private String describe() {
        String user = "";
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            // user:password keeps the user name; a bare userinfo is a password in Lettuce's grammar
            if (colon > 0) {
                user = URLDecoder.decode(userInfo.substring(0, colon), StandardCharsets.UTF_8) + "@";
            }
        }
        String db = path.isEmpty() || path.equals("/") ? (topology == Topology.CLUSTER ? "" : "/0") : path;
        return scheme + "://" + user + String.join(",", hosts) + db + (fragment == null ? "" : "#" + fragment);
    }

    /** Query parameters of {@code uri} in order (later duplicates win), decoded. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null || q.isEmpty()) {
            return params;
        }
        for (String pair : q.split("[&;]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq >= 0 ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
            String value = eq >= 0 ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
            params.put(key, value);
        }
        return params;
    }

    @Override
    public String toString() {
        return description;
    }
}
