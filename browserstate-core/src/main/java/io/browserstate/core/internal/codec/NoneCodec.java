package io.browserstate.core.internal.codec;

import io.browserstate.spi.CompressionCodec;
import java.util.Arrays;

/** Stores bytes as they are. */
public final class NoneCodec implements CompressionCodec {
    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] compress(byte[] data, int offset, int length) {
        return Arrays.copyOfRange(data, offset, offset + length);
    }

    @Override
    public byte[] decompress(byte[] data, int offset, int length, int expectedLength) {
        if (length != expectedLength) {
            throw new IllegalStateException("raw blob holds " + length + " bytes, expected " + expectedLength);
        }
        return Arrays.copyOfRange(data, offset, offset + length);
    }
}
