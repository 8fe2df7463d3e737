package io.browserstate.examples.sqlite;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@link SqliteStorageProvider}s for {@code sqlite:} URIs.
 *
 * <p>URI grammar: {@code sqlite:///absolute/path/sessions.db}, {@code sqlite:/absolute/path/sessions.db}
 * or {@code sqlite:relative/path/sessions.db} (relative to the working directory). The file and its
 * parent directories are created when missing.
 *
 * <p>Options (URI query or configuration): {@code busyTimeout}, how long a writer waits for another
 * process's transaction (ISO-8601 such as {@code PT10S}, or {@code 500ms}, {@code 10s}, {@code 1m};
 * default {@code 5s}). Capabilities: leases yes, several processes on one machine yes, TTL no (so a
 * {@code ttl} option is refused).
 *
 * @since 0.1
 */
public final class SqliteStorageProviderFactory implements StorageProviderFactory {

    /** The option naming the busy timeout. */
    public static final String BUSY_TIMEOUT = "busyTimeout";

    /** How long a writer waits for another connection's transaction unless configured. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("sqlite");
    }

    @Override
    public Set<String> options() {
        return Set.of(BUSY_TIMEOUT);
    }

    @Override
    public StorageProvider create(URI uri, Map<String, String> options) {
        List<String> problems = new ArrayList<>();
        Path file = databaseFile(uri, problems);
        Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        String raw = options.get(BUSY_TIMEOUT);
        if (raw != null) {
            busyTimeout = parseDuration(raw.trim());
            if (busyTimeout == null || busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
                problems.add("option " + BUSY_TIMEOUT + " must be a duration such as 10s, 500ms or PT10S, was '" + raw + "'");
            }
        }
        for (String key : options.keySet()) {
            if (!options().contains(key)) {
                problems.add("option '" + key + "' is not understood by the sqlite provider; it understands " + options());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new SqliteStorageProvider(file, busyTimeout);
    }

    private static Path databaseFile(URI uri, List<String> problems) {
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
            problems.add("sqlite: URI '" + uri + "' names host '" + uri.getAuthority() + "'; use sqlite:///absolute/path.db or sqlite:relative/path.db");
            return null;
        }
        String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
        if (path != null && uri.isOpaque()) {
            int q = path.indexOf('?');
            path = q >= 0 ? path.substring(0, q) : path;
        }
        if (path == null || path.isBlank()) {
            problems.add("sqlite: URI '" + uri + "' names no database file (use sqlite:///absolute/path.db or sqlite:relative/path.db)");
            return null;
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    /** ISO-8601 ({@code PT10S}) or a number with {@code ms}, {@code s} or {@code m}; null when unreadable. */
    static Duration parseDuration(String s) {
        try {
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.startsWith("pt") || lower.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (lower.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).trim()));
            }
            if (lower.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1).trim()));
            }
            if (lower.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1).trim()));
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
