package io.browserstate.spi;

import java.util.Objects;

/**
 * One stored blob: its content id and its encoded bytes. The engine owns the encoding; providers
 * store the bytes verbatim.
 *
 * @param id the blob's id: lower-case hex SHA-256 of its plain content, 64 characters
 * @param data the encoded bytes, stored and returned verbatim
 * @since 0.1
 */
public record Blob(String id, byte[] data) {
    /**
     * Checks the id and that the data is present.
     *
     * @param id the blob's id: lower-case hex SHA-256 of its plain content
     * @param data the encoded bytes
     * @throws IllegalArgumentException when {@code id} is not a blob id
     * @throws NullPointerException when {@code data} is {@code null}
     */
    public Blob {
        BlobIds.check(id);
        Objects.requireNonNull(data, "data");
    }
}
