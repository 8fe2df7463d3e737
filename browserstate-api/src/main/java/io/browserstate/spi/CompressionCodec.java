package io.browserstate.spi;

/**
 * Compresses chunk bytes. Registered in {@code META-INF/services/io.browserstate.spi.CompressionCodec}
 * and chosen by {@link #name()}; the name is recorded with every blob.
 *
 * @since 0.1
 */
public interface CompressionCodec {

    /** Lower-case name, at most 16 ASCII characters, e.g. {@code zstd}. */
    String name();

    /** Compresses {@code length} bytes of {@code data} from {@code offset}. */
    byte[] compress(byte[] data, int offset, int length);

    /**
     * Decompresses exactly {@code expectedLength} bytes. Must fail (with any exception) rather than
     * produce more or fewer bytes, so that a hostile blob cannot expand beyond what the manifest claims.
     */
    byte[] decompress(byte[] data, int offset, int length, int expectedLength);
}
