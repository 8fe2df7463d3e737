package io.browserstate.core.internal.codec;

import com.github.luben.zstd.Zstd;
import io.browserstate.spi.CompressionCodec;

/** Zstandard at level 1 (zstd-jni): the best ratio per CPU second for profile data. */
public final class ZstdCodec implements CompressionCodec {
    static final int LEVEL = 1;

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public byte[] compress(byte[] data, int offset, int length) {
        byte[] out = new byte[(int) Zstd.compressBound(length)];
        long n = Zstd.compressByteArray(out, 0, out.length, data, offset, length, LEVEL);
        if (Zstd.isError(n)) {
            throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(n));
        }
        return java.util.Arrays.copyOf(out, (int) n);
    }

    @Override
    public byte[] decompress(byte[] data, int offset, int length, int expectedLength) {
        byte[] out = new byte[expectedLength];
        long n = Zstd.decompressByteArray(out, 0, expectedLength, data, offset, length);
        if (Zstd.isError(n)) {
            throw new IllegalStateException("zstd data is corrupt or larger than the " + expectedLength
                    + " bytes claimed: " + Zstd.getErrorName(n));
        }
        if (n != expectedLength) {
            throw new IllegalStateException("zstd data expands to " + n + " bytes, expected " + expectedLength);
        }
        return out;
    }
}
