package io.browserstate.core.internal;

import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.Head;
import io.browserstate.api.SessionId;

/**
 * Which snapshot a restore reads: where its blobs live, its version, its manifest and the browser that
 * wrote it.
 */
public record SnapshotRef(BlobSpace space, long version, String manifestId, String browserVersion) {

    /** The current snapshot of a head. */
    static SnapshotRef current(SessionId id, Head head) {
        return new SnapshotRef(head.space(id), head.version(), head.manifestId(), head.browserVersion());
    }
}
