package io.browserstate.legacy.internal;

import io.browserstate.legacy.LegacyFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** One decoded legacy value: its entries, and the verified content of each file. */
interface LegacyArchive extends AutoCloseable {

    LegacyFormat format();

    /**
     * Every entry as stored, in value order, before name validation.
     *
     * @throws io.browserstate.api.CorruptDataException when the value's structure is invalid
     */
    List<PlannedEntry> entries();

    /**
     * Copies the content of a file entry to {@code out}, verifying it (CRC and size, or decoding).
     *
     * @param maxBytes the content may not exceed this many bytes
     * @return the number of bytes copied
     * @throws io.browserstate.api.CorruptDataException when the content fails verification or exceeds
     *     {@code maxBytes}
     * @throws IOException only when writing to {@code out} fails
     */
    long copyContent(PlannedEntry entry, OutputStream out, long maxBytes) throws IOException;

    @Override
    void close();
}
