package io.browserstate.spi;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one encoding of a {@link Head} as string fields, for every provider that stores heads as text
 * (a Redis hash, a properties file, a text column): numbers in decimal, times in ISO-8601, the history
 * as comma-separated ids, each attribute as a field {@code attr.<name>} (so attribute keys and values
 * may hold any character, {@code ,} {@code =} {@code &} and newlines included). Readable without any
 * decoding library, for example with {@code redis-cli HGETALL}.
 *
 * @since 0.2
 */
public final class HeadFields {

    /** Layout version written with every head; readers refuse other versions. */
    public static final String FORMAT = "1";
    public static final String F_FORMAT = "format";
    public static final String F_VERSION = "version";
    public static final String F_MANIFEST = "manifestId";
    public static final String F_HISTORY = "history";
    public static final String F_CREATED = "createdAt";
    public static final String F_UPDATED = "updatedAt";
    public static final String F_ACCESSED = "accessedAt";
    public static final String F_SIZE = "sizeBytes";
    public static final String F_FILES = "fileCount";
    public static final String F_BROWSER = "browserVersion";
    public static final String ATTRIBUTE_PREFIX = "attr.";

    private HeadFields() {
    }

    /** The fields of {@code head}, in a stable order (attributes sorted by key). */
    public static Map<String, String> toFields(Head head) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(F_FORMAT, FORMAT);
        f.put(F_VERSION, Long.toString(head.version()));
        f.put(F_MANIFEST, head.manifestId());
        f.put(F_HISTORY, String.join(",", head.history()));
        f.put(F_CREATED, head.createdAt().toString());
        f.put(F_UPDATED, head.updatedAt().toString());
        f.put(F_ACCESSED, head.accessedAt().toString());
        f.put(F_SIZE, Long.toString(head.sizeBytes()));
        f.put(F_FILES, Long.toString(head.fileCount()));
        if (head.browserVersion() != null) {
            f.put(F_BROWSER, head.browserVersion());
        }
        new TreeMap<>(head.attributes()).forEach((k, v) -> f.put(ATTRIBUTE_PREFIX + k, v));
        return f;
    }

    /**
     * Reads a head back.
     *
     * @param where names the store in messages, e.g. {@code "Redis"} or {@code "the file store"}
     * @throws CorruptDataException naming the session and the field when a field is missing or malformed,
     *     or the layout format is not {@value #FORMAT}
     */
    public static Head fromFields(SessionId id, Map<String, String> f, String where) {
        String format = f.get(F_FORMAT);
        if (!FORMAT.equals(format)) {
            throw new CorruptDataException(id, "the head in " + where + " has layout format '" + format + "'; this version reads format "
                    + FORMAT);
        }
        try {
            String history = require(f, F_HISTORY);
            Map<String, String> attributes = new LinkedHashMap<>();
            f.forEach((k, v) -> {
                if (k.startsWith(ATTRIBUTE_PREFIX)) {
                    attributes.put(k.substring(ATTRIBUTE_PREFIX.length()), v);
                }
            });
            List<String> ids = history.isEmpty() ? List.of() : Arrays.asList(history.split(",", -1));
            return new Head(
                    Long.parseLong(require(f, F_VERSION)),
                    require(f, F_MANIFEST),
                    ids,
                    Instant.parse(require(f, F_CREATED)),
                    Instant.parse(require(f, F_UPDATED)),
                    Instant.parse(require(f, F_ACCESSED)),
                    Long.parseLong(require(f, F_SIZE)),
                    Long.parseLong(require(f, F_FILES)),
                    f.get(F_BROWSER),
                    attributes);
        } catch (RuntimeException e) {
            throw new CorruptDataException(id, "the head in " + where + " is malformed: " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return v;
    }
}
