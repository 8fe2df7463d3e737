package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.SessionId;
import io.browserstate.api.SnapshotInfo;
import io.browserstate.spi.Blob;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.spi.StorageProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Plants what a hostile or broken store could hold, bypassing the engine's checks on the way in: blobs
 * (encoded as the engine would, or raw bytes), and a head with a genuine snapshot record naming any
 * manifest id, so that a restore reaches exactly the part under test.
 */
final class StorePlanter {
    private final StorageProvider provider;
    private final Blobs blobs;
    private final ManifestStore store;
    private final BlobSpace space;

    StorePlanter(StorageProvider provider, BrowserStateOptions options, String user) {
        Codecs codecs = Codecs.load(StorePlanter.class.getClassLoader());
        this.provider = provider;
        this.blobs = new Blobs(codecs.get("zstd"), codecs, null);
        this.store = new ManifestStore(provider, blobs, Manifest.Limits.of(options));
        this.space = BlobSpace.shared(user);
    }

    /** Stores {@code plain} as the engine would (zstd), under its content id; returns the id. */
    String put(byte[] plain) {
        String id = blobs.id(space, plain);
        putRaw(id, blobs.encode(Blobs.spaceContext(space), id, plain, 0, plain.length));
        return id;
    }

    /** Stores {@code stored} as it is under {@code id}. */
    void putRaw(String id, byte[] stored) {
        provider.putBlobs(space, List.of(new Blob(id, stored)));
    }

    /** Publishes version 1 of {@code session} with a genuine record naming {@code manifestId}. */
    void publish(SessionId session, String manifestId) {
        Instant now = Instant.now();
        SnapshotRecord record = SnapshotRecord.of(1, manifestId, now, "planted", 0, 0, null, Map.of(), SnapshotInfo.Origin.SAVE, null, null,
                session);
        String recordId = store.storeRecord(session, space, record).id();
        provider.compareAndSetHead(session, 0, new Head(1, manifestId, recordId, List.of(), now, now, now, 0, 0, null, Map.of()), null, null);
    }

    /** A plain blob of 16 zeros (codec {@code none}) whose header claims {@code bytes} once decoded. */
    static byte[] claiming(int bytes) {
        byte[] blob = BlobFormat.encode(new byte[16], 0, 16, Codecs.load(StorePlanter.class.getClassLoader()).get("none"));
        int p = 3 + 1 + (blob[3] & 0xff);
        blob[p] = (byte) (bytes >>> 24);
        blob[p + 1] = (byte) (bytes >>> 16);
        blob[p + 2] = (byte) (bytes >>> 8);
        blob[p + 3] = (byte) bytes;
        return blob;
    }
}
