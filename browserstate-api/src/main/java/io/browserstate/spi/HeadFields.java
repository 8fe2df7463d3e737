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

    /**
     * Layout version of format-2 heads (those naming a snapshot record), written since 0.3; readers
     * refuse versions other than this and {@link #FORMAT_1}.
     */
    public static final String FORMAT = "2";
    /** Layout version of format-1 heads (no snapshot record; history lists manifests), read for migration. */
    public static final String FORMAT_1 = "1";
    /** Field holding the layout version: {@value #FORMAT} or {@value #FORMAT_1}. */
    public static final String F_FORMAT = "format";
    /** Field holding the blob id of the current snapshot record (format 2 only). */
    public static final String F_SNAPSHOT = "snapshotId";
    /** Field holding the head's version, in decimal. */
    public static final String F_VERSION = "version";
    /** Field holding the blob id of the current manifest. */
    public static final String F_MANIFEST = "manifestId";
    /**
     * Field holding the older kept snapshots, comma-separated, newest first: snapshot record ids (format
     * 2) or manifest ids (format 1); empty when there are none.
     */
    public static final String F_HISTORY = "history";
    /** Field holding when version 1 was published, in ISO-8601. */
    public static final String F_CREATED = "createdAt";
    /** Field holding when the current version was published, in ISO-8601. */
    public static final String F_UPDATED = "updatedAt";
    /** Field holding when the session was last restored or saved, in ISO-8601. */
    public static final String F_ACCESSED = "accessedAt";
    /** Field holding the file bytes in the current snapshot, in decimal. */
    public static final String F_SIZE = "sizeBytes";
    /** Field holding the number of regular files in the current snapshot, in decimal. */
    public static final String F_FILES = "fileCount";
    /** Field holding the browser version; absent when none was recorded. */
    public static final String F_BROWSER = "browserVersion";
    /** Prefix of attribute fields: the attribute {@code name} is stored in the field {@code attr.name}. */
    public static final String ATTRIBUTE_PREFIX = "attr.";

    private HeadFields() {
    }

    /**
     * The fields of {@code head}, in a stable order (attributes sorted by key).
     *
     * @param head the head to encode
     * @return a new map from field name to value, including {@link #F_FORMAT}
     */
    public static Map<String, String> toFields(Head head) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(F_FORMAT, head.format() == 1 ? FORMAT_1 : FORMAT);
        f.put(F_VERSION, Long.toString(head.version()));
        f.put(F_MANIFEST, head.manifestId());
        if (head.snapshotId() != null) {
            f.put(F_SNAPSHOT, head.snapshotId());
        }
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
     * @param id the session the head belongs to, named in messages
     * @param f the stored fields, as written by {@link #toFields(Head)}
     * @param where names the store in messages, e.g. {@code "Redis"} or {@code "the file store"}
     * @return the head the fields encode
     * @throws CorruptDataException naming the session and the field when a field is missing or malformed,
     *     or the layout format is neither {@value #FORMAT} nor {@value #FORMAT_1}
     */
    public static Head fromFields(SessionId id, Map<String, String> f, String where) {
        String format = f.get(F_FORMAT);
        if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
            throw new CorruptDataException(id, "the head in " + where + " has layout format '" + format + "'; this version reads formats "
                    + FORMAT_1 + " and " + FORMAT);
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
                    FORMAT.equals(format) ? require(f, F_SNAPSHOT) : null,
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

    /**
     * The fields of {@code head} as one text in {@link java.util.Properties} format, sorted by name: for
     * stores that keep a head as one value (a file, a text column).
     *
     * @param head the head to encode
     * @return the text, ISO-8859-1 safe (other characters escaped as backslash-u escapes)
     */
    public static String toText(Head head) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(toFields(head)).forEach((k, v) -> out.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
        return out.toString();
    }

    /**
     * Reads a head written by {@link #toText(Head)}.
     *
     * @param id the session, named in messages
     * @param text the stored text
     * @param where names the store in messages
     * @return the head
     * @throws CorruptDataException when the text, a field or the layout format is malformed
     */
    public static Head fromText(SessionId id, String text, String where) {
        java.util.Properties p = new java.util.Properties();
        try {
            p.load(new java.io.StringReader(text));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new CorruptDataException(id, "the head in " + where + " is malformed: " + e.getMessage(), e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> fields.put(k, p.getProperty(k)));
        return fromFields(id, fields, where);
    }

    /** Escapes as {@link java.util.Properties#store} does, so that any key or value survives. */
    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String require(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return v;
    }
}
