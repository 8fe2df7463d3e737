package io.browserstate.core.internal;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.api.StorageException;
import io.browserstate.core.tree.Hashing;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobIds;
import io.browserstate.spi.CompressionCodec;
import io.browserstate.spi.StorageProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Manifests in the store: encoded as JSON, split into parts when larger than one blob may be (so no
 * value exceeds a provider's limit), loaded, verified and reassembled.
 */
final class ManifestStore {
    /** Largest manifest accepted on load (decoded). */
    static final int MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
    /** A manifest larger than this is stored in parts. */
    static final int MANIFEST_PART_BYTES = 4 * 1024 * 1024;

    private final StorageProvider provider;
    private final Codecs codecs;
    private final CompressionCodec codec;
    private final int partBytes;

    /** What storing one manifest did. */
    record Stored(String id, Manifest manifest, long blobsWritten, long bytesWritten) {
    }

    ManifestStore(StorageProvider provider, Codecs codecs, CompressionCodec codec) {
        this.provider = provider;
        this.codecs = codecs;
        this.codec = codec;
        long maxBlob = provider.capabilities().maxBlobBytes();
        this.partBytes = (int) Math.min(MANIFEST_PART_BYTES, maxBlob > 0 ? maxBlob - 64 : MANIFEST_PART_BYTES);
    }

    /** Uploads the manifest's blobs the store lacks; returns its id (of the pointer, when in parts). */
    Stored store(SessionId id, Manifest manifest) {
        byte[] json = manifest.toJson();
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        String manifestId;
        Manifest stored = manifest;
        if (json.length <= partBytes) {
            manifestId = Hashing.sha256(json);
            blobs.put(manifestId, json);
        } else {
            List<String> partIds = new ArrayList<>();
            for (int off = 0; off < json.length; off += partBytes) {
                byte[] part = Arrays.copyOfRange(json, off, Math.min(json.length, off + partBytes));
                String partId = Hashing.sha256(part);
                partIds.add(partId);
                blobs.put(partId, part);
            }
            byte[] pointer = new Manifest(Manifest.FORMAT, manifest.createdAt(), manifest.compression(), manifest.encryption(), null,
                    List.of(), partIds).toJson();
            manifestId = Hashing.sha256(pointer);
            blobs.put(manifestId, pointer);
            stored = manifest.withParts(partIds);
        }
        Set<String> missing = provider.missingBlobs(id, blobs.keySet());
        List<Blob> toPut = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, byte[]> e : blobs.entrySet()) {
            if (missing.contains(e.getKey())) {
                byte[] encoded = BlobFormat.encode(e.getValue(), 0, e.getValue().length, codec);
                toPut.add(new Blob(e.getKey(), encoded));
                bytes += encoded.length;
            }
        }
        if (!toPut.isEmpty()) {
            provider.putBlobs(id, toPut);
        }
        return new Stored(manifestId, stored, toPut.size(), bytes);
    }

    /** Reads and verifies a manifest, reassembling it from its parts when it was stored in several blobs. */
    Manifest load(SessionId id, String manifestId) {
        Manifest m = parse(id, manifestId, readBlob(id, manifestId, MAX_MANIFEST_BYTES));
        if (m.parts() == null) {
            return m;
        }
        if (m.parts().isEmpty() || !m.entries().isEmpty()) {
            throw new CorruptDataException(id, "manifest " + manifestId + " is a malformed list of parts");
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (String part : m.parts()) {
            if (!BlobIds.isValid(part)) {
                throw new CorruptDataException(id, "manifest " + manifestId + " names an invalid part id");
            }
            byte[] bytes = readBlob(id, part, MAX_MANIFEST_BYTES - whole.size());
            whole.write(bytes, 0, bytes.length);
        }
        Manifest full = parse(id, manifestId, whole.toByteArray());
        if (full.parts() != null) {
            throw new CorruptDataException(id, "manifest " + manifestId + " nests parts inside parts");
        }
        return full.withParts(m.parts());
    }

    private byte[] readBlob(SessionId id, String blobId, int maxLength) {
        List<byte[]> got = provider.getBlobs(id, List.of(blobId));
        if (got.size() != 1) {
            throw new StorageException(provider.describe() + " returned " + got.size() + " blobs for 1 id of session " + id);
        }
        byte[] raw = got.get(0);
        if (raw == null) {
            throw new CorruptDataException(id, "manifest blob " + blobId + " is missing from the store");
        }
        try {
            return BlobFormat.decode(blobId, raw, -1, Math.max(0, maxLength), codecs);
        } catch (IllegalStateException e) {
            throw new CorruptDataException(id, "manifest " + e.getMessage(), e);
        }
    }

    private static Manifest parse(SessionId id, String manifestId, byte[] json) {
        Manifest m;
        try {
            m = Manifest.fromJson(json);
        } catch (IOException e) {
            throw new CorruptDataException(id, "manifest " + manifestId + " is not valid: " + e.getMessage(), e);
        }
        if (m.format() != Manifest.FORMAT) {
            throw new CorruptDataException(id, "manifest " + manifestId + " has format " + m.format() + "; this reader knows format " + Manifest.FORMAT);
        }
        return m;
    }
}
