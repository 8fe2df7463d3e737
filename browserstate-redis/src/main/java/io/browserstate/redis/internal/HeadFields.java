package io.browserstate.redis.internal;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.spi.Head;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Head} as the fields of a Redis hash, readable with {@code HGETALL} without any decoding
 * library: numbers in decimal, times in ISO-8601, the history as comma-separated ids and each
 * attribute as a field {@code attr.<name>}.
 */
public final class HeadFields {

    /** Layout version written with every head. */
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

    /** The fields of {@code head}, in a stable order. */
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

    /** The fields as alternating name and value bytes, for a script's arguments. */
    public static List<byte[]> toArguments(Head head) {
        List<byte[]> args = new ArrayList<>();
        toFields(head).forEach((k, v) -> {
            args.add(k.getBytes(StandardCharsets.UTF_8));
            args.add(v.getBytes(StandardCharsets.UTF_8));
        });
        return args;
    }

    /**
     * Reads a head back.
     *
     * @throws CorruptDataException naming the session and the field when a field is missing or malformed
     */
    public static Head fromFields(SessionId id, Map<String, byte[]> raw) {
        Map<String, String> f = new LinkedHashMap<>();
        raw.forEach((k, v) -> f.put(k, new String(v, StandardCharsets.UTF_8)));
        String format = f.get(F_FORMAT);
        if (!FORMAT.equals(format)) {
            throw new CorruptDataException(id, "the head in Redis has layout format '" + format + "'; this version reads format " + FORMAT);
        }
        try {
            String history = require(f, F_HISTORY);
            Map<String, String> attributes = new LinkedHashMap<>();
            f.forEach((k, v) -> {
                if (k.startsWith(ATTRIBUTE_PREFIX)) {
                    attributes.put(k.substring(ATTRIBUTE_PREFIX.length()), v);
                }
            });
            return new Head(
                    Long.parseLong(require(f, F_VERSION)),
                    require(f, F_MANIFEST),
                    history.isEmpty() ? List.of() : Arrays.asList(history.split(",", -1)),
                    Instant.parse(require(f, F_CREATED)),
                    Instant.parse(require(f, F_UPDATED)),
                    Instant.parse(require(f, F_ACCESSED)),
                    Long.parseLong(require(f, F_SIZE)),
                    Long.parseLong(require(f, F_FILES)),
                    f.get(F_BROWSER),
                    attributes);
        } catch (RuntimeException e) {
            if (e instanceof CorruptDataException c) {
                throw c;
            }
            throw new CorruptDataException(id, "the head in Redis is malformed: " + e.getMessage(), e);
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
