package io.browserstate.core.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * One immutable snapshot: every entry of the profile tree and the chunks of each file.
 *
 * @param format manifest format version; readers refuse versions they do not know
 * @param createdAt publication time (ISO-8601)
 * @param compression the codec configured for new chunks (each blob also names its own)
 * @param encryption {@code none}, or {@code aes-256-gcm:<key id>} when its blobs were sealed under that key
 * @param entries the tree, sorted by path; parents before children
 * @param scanStartedAt when the scan behind this snapshot began, in nanoseconds since the epoch; a
 *     file's chunks are reused without reading it only when its mtime is well before this moment
 * @param parts for a manifest too large for one blob: the blob ids of its serialised parts, in order
 *     (the stored blob then holds only this list); {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(int format, String createdAt, String compression, String encryption, Long scanStartedAt, List<Entry> entries,
                       List<String> parts) {

    /** The format of a manifest with no packed file: what every reader of this library knows. */
    public static final int FORMAT = 1;
    /** The format of a manifest holding packed files ({@link Entry#packOffset()}): readers before it refuse it. */
    public static final int FORMAT_PACKED = 2;

    /** The format a manifest of these entries is written in: the oldest that can say what they hold. */
    public static int formatOf(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.isPacked()) {
                return FORMAT_PACKED;
            }
        }
        return FORMAT;
    }

    /** Whether a reader of this version knows {@code format}. */
    public static boolean knows(int format) {
        return format == FORMAT || format == FORMAT_PACKED;
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** Longest string a manifest may hold (a path, a link target, an id): paths are far shorter. */
    static final int MAX_STRING = 1024 * 1024;

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING).maxNestingDepth(16).build());
    }

    /**
     * What a manifest read from the store may claim before it is refused, checked while it is parsed so
     * that a hostile one never holds more in memory than these allow: entries, chunk ids in all, part ids.
     */
    record Limits(long maxEntries, long maxChunks, int maxParts) {
        /** The bounds a restore with these options accepts anyway: a manifest beyond them could not be restored. */
        static Limits of(io.browserstate.api.BrowserStateOptions options) {
            long chunks = options.maxRestoreBytes() / io.browserstate.api.BrowserStateOptions.MIN_CHUNK_SIZE + options.maxRestoreFiles();
            return new Limits(options.maxRestoreFiles(), chunks, 1 << 16);
        }
    }

    public Manifest {
        entries = entries == null ? List.of() : List.copyOf(entries);
        parts = parts == null ? null : List.copyOf(parts);
    }

    /** This manifest with the ids of the parts it was stored in. */
    public Manifest withParts(List<String> partIds) {
        return new Manifest(format, createdAt, compression, encryption, scanStartedAt, entries, partIds);
    }

    /**
     * One path of the tree.
     *
     * @param path relative, {@code /}-separated
     * @param type {@code file}, {@code dir} or {@code symlink}
     * @param mode permission bits (0777 mask), or null when unknown
     * @param mtime modification time in nanoseconds since the epoch, or null
     * @param size file size in bytes (files only)
     * @param chunkSize bytes per chunk for this file (all but the last chunk have this size)
     * @param chunks blob ids of the file's chunks, in order
     * @param target symlink target, relative (symlinks only)
     * @param packOffset for a small file packed with others into one chunk: where its bytes begin in that
     *     chunk, the only id of {@code chunks}; {@code null} for a file of its own chunks
     * @param packLength a packed file's chunk length in bytes (packed files only)
     * @param digest a packed file's own content id, computed as a chunk's id is, so that a local copy of it is
     *     verified alone (packed files only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String path, String type, Integer mode, Long mtime, Long size, Integer chunkSize, List<String> chunks, String target,
                        Long packOffset, Integer packLength, String digest) {
        public static final String FILE = "file";
        public static final String DIR = "dir";
        public static final String SYMLINK = "symlink";

        /** An entry of no packed file. */
        public Entry(String path, String type, Integer mode, Long mtime, Long size, Integer chunkSize, List<String> chunks, String target) {
            this(path, type, mode, mtime, size, chunkSize, chunks, target, null, null, null);
        }

        /** A file whose {@code size} bytes lie at {@code packOffset} of the pack chunk {@code packId}. */
        static Entry packed(String path, Integer mode, Long mtime, long size, String packId, long packOffset, int packLength, String digest) {
            return new Entry(path, FILE, mode, mtime, size, null, List.of(packId), null, packOffset, packLength, digest);
        }

        /** This entry with another mode and mtime (the same content). */
        Entry withAttributes(Integer newMode, Long newMtime) {
            return new Entry(path, type, newMode, newMtime, size, chunkSize, chunks, target, packOffset, packLength, digest);
        }

        /** This entry with other chunk ids (and, packed, another digest): its content copied into another space. */
        Entry withChunks(List<String> newChunks, String newDigest) {
            return new Entry(path, type, mode, mtime, size, chunkSize, newChunks, target, packOffset, packLength, newDigest);
        }

        // the is-methods are not fields: without this Jackson writes "file", "dir" and "symlink" into every entry
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isPacked() {
            return packOffset != null;
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isFile() {
            return FILE.equals(type);
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isDir() {
            return DIR.equals(type);
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isSymlink() {
            return SYMLINK.equals(type);
        }

        public long sizeOrZero() {
            return size == null ? 0 : size;
        }
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a manifest", e);
        }
    }

    /**
     * Parses a manifest from a stream, one token at a time, refusing it as soon as it claims more than
     * {@code limits} allow: memory stays bounded by the limits whatever the stream holds (whitespace,
     * millions of entries, one entry with millions of chunks). Unknown fields are skipped. Any syntax or
     * type error, or a limit passed, is an {@link IOException} saying which.
     */
    static Manifest read(java.io.InputStream in, Limits limits) throws IOException {
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new IOException("manifest is not a JSON object");
            }
            Integer format = null;
            String createdAt = null;
            String compression = null;
            String encryption = null;
            Long scanStartedAt = null;
            List<Entry> entries = new java.util.ArrayList<>();
            List<String> parts = null;
            long chunks = 0;
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                com.fasterxml.jackson.core.JsonToken t = p.nextToken();
                switch (field) {
                    case "format" -> format = intValue(p, t, field);
                    case "createdAt" -> createdAt = text(p, t, field);
                    case "compression" -> compression = text(p, t, field);
                    case "encryption" -> encryption = text(p, t, field);
                    case "scanStartedAt" -> scanStartedAt = longValue(p, t, field);
                    case "entries" -> {
                        expectArray(t, field);
                        while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                            if (entries.size() >= limits.maxEntries()) {
                                throw new IOException("manifest claims more than " + limits.maxEntries() + " entries (maxRestoreFiles)");
                            }
                            Entry e = entry(p, limits.maxChunks() - chunks);
                            chunks += e.chunks() == null ? 0 : e.chunks().size();
                            entries.add(e);
                        }
                    }
                    case "parts" -> parts = strings(p, t, field, limits.maxParts(), "parts");
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("manifest has trailing or malformed content");
            }
            if (format == null) {
                throw new IOException("manifest has no format");
            }
            return new Manifest(format, createdAt, compression, encryption, scanStartedAt, entries, parts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(e.getOriginalMessage(), e);
        }
    }

    private static Entry entry(com.fasterxml.jackson.core.JsonParser p, long chunksLeft) throws IOException {
        if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            throw new IOException("manifest entry is not an object");
        }
        String path = null;
        String type = null;
        Integer mode = null;
        Long mtime = null;
        Long size = null;
        Integer chunkSize = null;
        List<String> chunks = null;
        String target = null;
        Long packOffset = null;
        Integer packLength = null;
        String digest = null;
        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            String field = p.currentName();
            com.fasterxml.jackson.core.JsonToken t = p.nextToken();
            switch (field) {
                case "path" -> path = text(p, t, field);
                case "type" -> type = text(p, t, field);
                case "mode" -> mode = intValue(p, t, field);
                case "mtime" -> mtime = longValue(p, t, field);
                case "size" -> size = longValue(p, t, field);
                case "chunkSize" -> chunkSize = intValue(p, t, field);
                case "chunks" -> chunks = strings(p, t, field, chunksLeft, "chunk ids in all (maxRestoreBytes)");
                case "target" -> target = text(p, t, field);
                case "packOffset" -> packOffset = longValue(p, t, field);
                case "packLength" -> packLength = intValue(p, t, field);
                case "digest" -> digest = text(p, t, field);
                default -> p.skipChildren();
            }
        }
        return new Entry(path, type, mode, mtime, size, chunkSize, chunks, target, packOffset, packLength, digest);
    }

    private static void expectArray(com.fasterxml.jackson.core.JsonToken t, String field) throws IOException {
        if (t != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
            throw new IOException("manifest field '" + field + "' is not an array");
        }
    }

    private static List<String> strings(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.core.JsonToken t, String field,
            long max, String what) throws IOException {
        if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
            return null;
        }
        expectArray(t, field);
        List<String> out = new java.util.ArrayList<>();
        while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
            if (out.size() >= max) {
                throw new IOException("manifest claims more than " + (field.equals("chunks") ? "the limit of " : "") + max + " " + what);
            }
            if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                throw new IOException("manifest field '" + field + "' holds a " + p.currentToken() + " where a string belongs");
            }
            out.add(p.getText());
        }
        return out;
    }

    private static String text(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.core.JsonToken t, String field)
            throws IOException {
        if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
            throw new IOException("manifest field '" + field + "' is not a string");
        }
        return p.getText();
    }

    private static Long longValue(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.core.JsonToken t, String field)
            throws IOException {
        if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT || p.getNumberType() == com.fasterxml.jackson.core.JsonParser.NumberType.BIG_INTEGER) {
            throw new IOException("manifest field '" + field + "' is not a whole number in range");
        }
        return p.getLongValue();
    }

    private static Integer intValue(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.core.JsonToken t, String field)
            throws IOException {
        Long v = longValue(p, t, field);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IOException("manifest field '" + field + "' is out of range");
        }
        return v.intValue();
    }
}
