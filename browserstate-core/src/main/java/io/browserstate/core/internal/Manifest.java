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

    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(64 * 1024 * 1024).maxNestingDepth(16).build());
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
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String path, String type, Integer mode, Long mtime, Long size, Integer chunkSize, List<String> chunks, String target) {
        public static final String FILE = "file";
        public static final String DIR = "dir";
        public static final String SYMLINK = "symlink";

        public boolean isFile() {
            return FILE.equals(type);
        }

        public boolean isDir() {
            return DIR.equals(type);
        }

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

    /** Parses a manifest; any syntax or type error is an {@link IOException}. */
    public static Manifest fromJson(byte[] json) throws IOException {
        Manifest m = JSON.readValue(json, Manifest.class);
        if (m == null) {
            throw new IOException("manifest is empty");
        }
        return m;
    }
}
