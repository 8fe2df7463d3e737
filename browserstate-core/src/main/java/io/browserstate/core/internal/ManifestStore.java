package io.browserstate.core.internal;

import io.browserstate.api.CorruptDataException;
import io.browserstate.api.SessionId;
import io.browserstate.api.StorageException;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobIds;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.StorageProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Manifests and snapshot records in the store: encoded as JSON, manifests split into parts when larger
 * than one blob may be (so no value exceeds a provider's limit), loaded, verified and reassembled.
 * Storing claims every blob the snapshot references (see {@link StorageProvider#claimBlobs}).
 */
final class ManifestStore {
    /** Largest manifest accepted on load (decoded). */
    static final int MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
    /** The largest manifest part (a manifest past {@link #SPLIT_ABOVE} is stored in parts). */
    static final int MANIFEST_PART_BYTES = 4 * 1024 * 1024;
    /** Largest snapshot record accepted on load (decoded): attributes are small. */
    static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final StorageProvider provider;
    private final Blobs blobs;
    private final int partBytes;
    private final Manifest.Limits limits;

    /** Parsed records by session and id: records are immutable and small, and history and collection read them often. */
    private final Map<String, SnapshotRecord> records = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SnapshotRecord> eldest) {
            return size() > 4096;
        }
    });

    /** Chunks a save reused unread from its base are gone from the space: the save must read its files again. */
    static final class ChunksLost extends StorageException {
        private static final long serialVersionUID = 1L;

        ChunksLost(String message) {
            super(message);
        }
    }

    /** What storing one manifest did. */
    record Stored(String id, Manifest manifest, long blobsWritten, long bytesWritten) {
    }

    ManifestStore(StorageProvider provider, Blobs blobs, Manifest.Limits limits) {
        this.provider = provider;
        this.blobs = blobs;
        this.limits = limits;
        long maxBlob = provider.capabilities().maxBlobBytes();
        this.partBytes = (int) Math.min(MANIFEST_PART_BYTES, maxBlob > 0 ? maxBlob - 64 - BlobCrypto.OVERHEAD : MANIFEST_PART_BYTES);
    }

    /**
     * Uploads the manifest's blobs the space lacks and claims every chunk it references that the writer
     * did not claim already ({@code claimed}); returns its id (of the pointer, when in parts).
     *
     * @throws StorageException when a referenced chunk is not in the space any more
     */
    Stored store(BlobSpace space, Manifest manifest, Set<String> claimed) {
        byte[] json = manifest.toJson();
        Map<String, byte[]> toStore = new LinkedHashMap<>();
        String manifestId;
        Manifest stored = manifest;
        if (json.length <= Math.min(partBytes, SPLIT_ABOVE)) {
            manifestId = blobs.id(space, json);
            toStore.put(manifestId, json);
        } else {
            List<String> partIds = new ArrayList<>();
            int[] cuts = cuts(json, partBytes);
            for (int k = 0, off = 0; k < cuts.length; off = cuts[k++]) {
                byte[] part = Arrays.copyOfRange(json, off, cuts[k]);
                String partId = blobs.id(space, part);
                partIds.add(partId);
                toStore.put(partId, part);
            }
            byte[] pointer = new Manifest(manifest.format(), manifest.createdAt(), manifest.compression(), manifest.encryption(), null,
                    List.of(), partIds).toJson();
            manifestId = blobs.id(space, pointer);
            toStore.put(manifestId, pointer);
            stored = manifest.withParts(partIds);
        }
        Set<String> chunks = new LinkedHashSet<>(chunkIds(manifest));
        chunks.removeAll(claimed);
        Set<String> lost = chunks.isEmpty() ? Set.of() : provider.claimBlobs(space, chunks);
        if (!lost.isEmpty()) {
            throw new ChunksLost(lost.size() + " chunk(s) the save reused from its base are no longer in " + space + " (for example "
                    + lost.iterator().next() + ": collected or expired); nothing was published");
        }
        long[] written = putMissing(space, Blobs.spaceContext(space), toStore);
        return new Stored(manifestId, stored, written[0], written[1]);
    }

    /** A manifest larger than this is split into parts at content-defined boundaries. */
    static final int SPLIT_ABOVE = 256 * 1024;
    /**
     * The smallest part but the last: with the pointer's 70-odd bytes per part, the largest manifest's list of
     * parts stays far below the size a reader decodes.
     */
    private static final int MIN_PART = 8 * 1024;
    /** Cut where the rolling hash's top 12 bits are zero: parts of about 4 KiB past the minimum, 12 KiB on average. */
    private static final long CUT_MASK = 0xFFFL << 52;
    private static final long[] GEAR = gear();

    /**
     * Where the parts of a large manifest end: content-defined (a gear rolling hash over the JSON bytes,
     * cut where it matches {@link #CUT_MASK}, at least {@link #MIN_PART}, at most {@code max} bytes), so
     * that a manifest that differs from its base in a few entries shares every other part with it and a
     * delta save re-sends only the parts around the change. Readers only concatenate parts, so where the
     * cuts fall is the writer's choice.
     */
    static int[] cuts(byte[] json, int max) {
        int[] cuts = contentDefinedCuts(json, max);
        // Readers refuse a list that names one part twice (a bound on what a hostile list can make them
        // read), so parts must differ. Content-defined cuts repeat where the JSON repeats (two copies of a
        // large file list the same chunk ids; a long run of zeros lists one id again and again): then cut
        // at a fixed size instead, a size whose parts all differ.
        for (int size = max; !distinct(json, cuts); size--) {
            if (size <= max / 2) {
                throw new StorageException("a manifest of " + json.length + " bytes could not be split into distinct parts of at most "
                        + max + " bytes; nothing was published (please report this)");
            }
            cuts = fixedCuts(json, size);
        }
        return cuts;
    }

    private static boolean distinct(byte[] json, int[] cuts) {
        Set<ByteBuffer> seen = new HashSet<>();
        for (int k = 0, off = 0; k < cuts.length; off = cuts[k++]) {
            if (!seen.add(ByteBuffer.wrap(json, off, cuts[k] - off))) {
                return false;
            }
        }
        return true;
    }

    private static int[] fixedCuts(byte[] json, int size) {
        int[] cuts = new int[(json.length + size - 1) / size];
        for (int k = 0; k < cuts.length; k++) {
            cuts[k] = (int) Math.min(json.length, (long) (k + 1) * size);
        }
        return cuts;
    }

    private static int[] contentDefinedCuts(byte[] json, int max) {
        List<Integer> cuts = new ArrayList<>();
        int start = 0;
        long h = 0;
        for (int i = 0; i < json.length; i++) {
            h = (h << 1) + GEAR[json[i] & 0xFF];
            int len = i + 1 - start;
            if ((len >= MIN_PART && (h & CUT_MASK) == 0) || len >= max) {
                cuts.add(i + 1);
                start = i + 1;
                h = 0;
            }
        }
        if (start < json.length) {
            cuts.add(json.length);
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A fixed table (SplitMix64 from a constant seed): the cuts, and so the parts' ids, never change between versions. */
    private static long[] gear() {
        long[] table = new long[256];
        long x = 0x42726F7773657253L;
        for (int i = 0; i < table.length; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            table[i] = z ^ (z >>> 31);
        }
        return table;
    }

    /** Claims the given blobs and writes those the space lacks; returns {blobs written, bytes written}. */
    private long[] putMissing(BlobSpace space, String context, Map<String, byte[]> toStore) {
        Set<String> missing = provider.claimBlobs(space, toStore.keySet());
        List<Blob> toPut = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, byte[]> e : toStore.entrySet()) {
            if (missing.contains(e.getKey())) {
                byte[] encoded = blobs.encode(context, e.getKey(), e.getValue(), 0, e.getValue().length);
                toPut.add(new Blob(e.getKey(), encoded));
                bytes += encoded.length;
            }
        }
        if (!toPut.isEmpty()) {
            provider.putBlobs(space, toPut);
        }
        return new long[] {toPut.size(), bytes};
    }

    /** What storing one snapshot record did. */
    record StoredRecord(String id, long blobsWritten, long bytesWritten) {
    }

    /** Stores a snapshot record of session {@code owner} (claiming it). */
    StoredRecord storeRecord(SessionId owner, BlobSpace space, SnapshotRecord record) {
        byte[] json = record.toJson();
        String id = blobs.id(space, json);
        long[] written = putMissing(space, Blobs.recordContext(owner), Map.of(id, json));
        records.put(owner + "/" + id, record);
        return new StoredRecord(id, written[0], written[1]);
    }

    /** Reads and checks a snapshot record; parsed records are cached (they never change). */
    SnapshotRecord loadRecord(SessionId id, BlobSpace space, String recordId) {
        SnapshotRecord cached = records.get(id + "/" + recordId);
        if (cached != null) {
            return cached;
        }
        byte[] json = readBlob(id, space, Blobs.recordContext(id), recordId, MAX_RECORD_BYTES, "snapshot record");
        SnapshotRecord r;
        try {
            r = SnapshotRecord.fromJson(json);
        } catch (IOException e) {
            throw new CorruptDataException(id, "snapshot record " + recordId + " is not valid: " + e.getMessage(), e);
        }
        if (r.session() != null && !r.session().equals(id.userId() + "/" + id.sessionId())) {
            throw new CorruptDataException(id, "snapshot record " + recordId + " belongs to session " + r.session() + ", not to this one");
        }
        records.put(id + "/" + recordId, r);
        return r;
    }

    /** Every chunk id a manifest's entries reference (not its parts). */
    static Set<String> chunkIds(Manifest m) {
        Set<String> ids = new LinkedHashSet<>();
        for (Manifest.Entry e : m.entries()) {
            if (e.chunks() != null) {
                ids.addAll(e.chunks());
            }
        }
        return ids;
    }

    /**
     * The bytes each chunk of the manifest holds before compression, by chunk id: every chunk but a
     * file's last holds its {@code chunkSize}. A chunk two files share is counted once.
     */
    static Map<String, Long> chunkLengths(Manifest m) {
        Map<String, Long> lengths = new java.util.HashMap<>();
        for (Manifest.Entry e : m.entries()) {
            List<String> chunks = e.chunks();
            if (chunks == null || chunks.isEmpty()) {
                continue;
            }
            if (e.isPacked()) {
                lengths.putIfAbsent(chunks.get(0), e.packLength() == null ? 0L : (long) e.packLength());
                continue;
            }
            long size = e.sizeOrZero();
            long per = e.chunkSize() == null || e.chunkSize() <= 0 ? size : e.chunkSize();
            for (int i = 0; i < chunks.size(); i++) {
                long length = Math.max(0, Math.min(per, size - i * per));
                lengths.putIfAbsent(chunks.get(i), length);
            }
        }
        return lengths;
    }

    /** Every blob id a stored manifest occupies and references: itself, its parts, its chunks. */
    static Set<String> blobIds(String manifestId, Manifest m) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(manifestId);
        if (m.parts() != null) {
            ids.addAll(m.parts());
        }
        ids.addAll(chunkIds(m));
        return ids;
    }

    /**
     * Reads and verifies a manifest, reassembling it from its parts when it was stored in several blobs.
     * Memory stays bounded whatever the store holds: a manifest blob or part is decoded only when it
     * claims at most {@value #MANIFEST_PART_BYTES} bytes (the most a writer puts in one), parts are read
     * one at a time as the parser needs them, at most {@value #MAX_MANIFEST_BYTES} bytes in all, each part
     * once, and the parser refuses entries and chunk ids beyond what a restore would accept.
     */
    Manifest load(SessionId id, BlobSpace space, String manifestId) {
        String context = Blobs.spaceContext(space);
        Manifest m = parse(id, manifestId, new java.io.ByteArrayInputStream(
                readBlob(id, space, context, manifestId, MANIFEST_PART_BYTES, "manifest")));
        if (m.parts() == null) {
            return m;
        }
        if (m.parts().isEmpty() || !m.entries().isEmpty()) {
            throw new CorruptDataException(id, "manifest " + manifestId + " is a malformed list of parts");
        }
        Set<String> seen = new HashSet<>();
        for (String part : m.parts()) {
            if (!BlobIds.isValid(part)) {
                throw new CorruptDataException(id, "manifest " + manifestId + " names an invalid part id");
            }
            if (!seen.add(part)) {
                throw new CorruptDataException(id, "manifest " + manifestId + " names part " + part + " twice");
            }
        }
        java.util.Iterator<String> next = m.parts().iterator();
        long[] read = {0};
        java.io.InputStream whole = new java.io.SequenceInputStream(new java.util.Enumeration<java.io.InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public java.io.InputStream nextElement() {
                long left = MAX_MANIFEST_BYTES - read[0];
                byte[] bytes = readBlob(id, space, context, next.next(), (int) Math.min(MANIFEST_PART_BYTES, left), "manifest");
                read[0] += bytes.length;
                return new java.io.ByteArrayInputStream(bytes);
            }
        });
        Manifest full = parse(id, manifestId, whole);
        if (full.parts() != null) {
            throw new CorruptDataException(id, "manifest " + manifestId + " nests parts inside parts");
        }
        return full.withParts(m.parts());
    }

    private byte[] readBlob(SessionId id, BlobSpace space, String context, String blobId, int maxLength, String what) {
        List<byte[]> got = provider.getBlobs(space, List.of(blobId));
        if (got.size() != 1) {
            throw new StorageException(provider.describe() + " returned " + got.size() + " blobs for 1 id of " + space);
        }
        byte[] raw = got.get(0);
        if (raw == null) {
            throw new CorruptDataException(id, what + " blob " + blobId + " is missing from " + space);
        }
        try {
            return blobs.decode(id, space, context, blobId, raw, -1, Math.max(0, maxLength));
        } catch (IllegalStateException e) {
            throw new CorruptDataException(id, what + " " + e.getMessage(), e);
        }
    }

    private Manifest parse(SessionId id, String manifestId, java.io.InputStream json) {
        Manifest m;
        try {
            m = Manifest.read(json, limits);
        } catch (IOException e) {
            throw new CorruptDataException(id, "manifest " + manifestId + " is not valid: " + e.getMessage(), e);
        }
        if (!Manifest.knows(m.format())) {
            throw new CorruptDataException(id, "manifest " + manifestId + " has format " + m.format() + "; this reader knows formats "
                    + Manifest.FORMAT + " and " + Manifest.FORMAT_PACKED + " (a newer version of BrowserState wrote it: upgrade this reader)");
        }
        return m;
    }
}
