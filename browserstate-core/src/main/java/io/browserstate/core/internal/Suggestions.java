package io.browserstate.core.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * "Did you mean" for configuration: the closest known name to a misspelt one, and the module that
 * provides a storage scheme that is not on the class path.
 */
public final class Suggestions {
    /**
     * Schemes of the project's own providers and the module that registers each: a user who names a
     * scheme whose module is missing is told which artifact to add.
     */
    public static final Map<String, String> MODULE_BY_SCHEME = Map.ofEntries(
            Map.entry("redis", "io.browserstate:browserstate-redis"),
            Map.entry("rediss", "io.browserstate:browserstate-redis"),
            Map.entry("redis-sentinel", "io.browserstate:browserstate-redis"),
            Map.entry("rediss-sentinel", "io.browserstate:browserstate-redis"),
            Map.entry("redis-cluster", "io.browserstate:browserstate-redis"),
            Map.entry("rediss-cluster", "io.browserstate:browserstate-redis"),
            Map.entry("file", "io.browserstate:browserstate-fs"),
            Map.entry("memory", "io.browserstate:browserstate-core"));

    /** Provider names of the project's own providers, the prefixes of namespaced options. */
    public static final Map<String, String> MODULE_BY_PROVIDER = Map.of(
            "redis", "io.browserstate:browserstate-redis",
            "file", "io.browserstate:browserstate-fs",
            "memory", "io.browserstate:browserstate-core");

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-]+:\\d{1,5}(/\\d+)?");

    private Suggestions() {
    }

    /**
     * The known name closest to {@code given}: equal but for case, or at most two edits away (one for
     * names of four characters or fewer), and never further than a third of its length.
     *
     * @return the closest name, if one is close enough
     */
    public static Optional<String> closest(String given, Collection<String> known) {
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(g, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.min(g.length() <= 4 ? 1 : 2, Math.max(1, g.length() / 3));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"}, or an empty string when nothing is close. */
    public static String didYouMean(String given, Collection<String> known) {
        return closest(given, known).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /**
     * What a storage URI that names no usable scheme was probably meant to be: {@code localhost:6379}
     * (read as scheme {@code localhost}) → {@code redis://localhost:6379}; {@code /var/lib/x} → {@code
     * file:///var/lib/x}.
     *
     * @return the likely URI, if the text has one of those shapes
     */
    public static Optional<String> likelyUri(String text) {
        String t = text.strip();
        if (HOST_PORT.matcher(t).matches()) {
            return Optional.of("redis://" + t);
        }
        if (t.startsWith("/")) {
            return Optional.of("file://" + t);
        }
        return Optional.empty();
    }

    /** Levenshtein distance with transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
