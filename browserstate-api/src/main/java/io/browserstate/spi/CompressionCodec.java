package io.browserstate.spi;

/**
 * Compresses chunk bytes. Registered in {@code META-INF/services/io.browserstate.spi.CompressionCodec}
 * and chosen by {@link #name()}; the name is recorded with every blob.
 *
 * @since 0.1
 */
public interface CompressionCodec {

    /**
     * Lower-case name, at most 16 ASCII characters, e.g. {@code zstd}.
     *
     * @return the codec's name
     */
    String name();

    /**
     * Compresses {@code length} bytes of {@code data} from {@code offset}.
     *
     * @param data the array holding the bytes to compress
     * @param offset the index of the first byte to compress
     * @param length how many bytes to compress
     * @return the compressed bytes
     */
    byte[] compress(byte[] data, int offset, int length);

    /**
     * Decompresses exactly {@code expectedLength} bytes. Must fail (with any exception) rather than
     * produce more or fewer bytes, so that a hostile blob cannot expand beyond what the manifest claims.
     *
     * @param data the array holding the compressed bytes
     * @param offset the index of the first compressed byte
     * @param length how many compressed bytes to read
     * @param expectedLength the exact length of the decompressed result
     * @return the decompressed bytes, exactly {@code expectedLength} of them
     */
    byte[] decompress(byte[] data, int offset, int length, int expectedLength);
}
