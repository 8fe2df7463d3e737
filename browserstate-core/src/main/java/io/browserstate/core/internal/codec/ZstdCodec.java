package io.browserstate.core.internal.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import io.browserstate.spi.CompressionCodec;
import java.util.Arrays;

/**
 * Zstandard at level 1 (zstd-jni): the best ratio per CPU second for profile data. Each thread keeps
 * its own native compression and decompression context instead of creating one per chunk.
 */
public final class ZstdCodec implements CompressionCodec {
    static final int LEVEL = 1;

    private static final ThreadLocal<ZstdCompressCtx> COMPRESS = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx ctx = new ZstdCompressCtx();
        ctx.setLevel(LEVEL);
        return ctx;
    });
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESS = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    @Override
    public String name() {
        return "zstd";
    }

    /** Largest compression scratch a thread keeps between calls: a chunk's bound (a manifest part may need more, once). */
    private static final int KEPT_SCRATCH = (int) Zstd.compressBound(1024 * 1024);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

    @Override
    public byte[] compress(byte[] data, int offset, int length) {
        // compressed into a scratch buffer the thread keeps, then copied to its exact size: one allocation per
        // chunk instead of a bound-sized array and its copy
        int bound = (int) Zstd.compressBound(length);
        byte[] scratch = SCRATCH.get();
        if (scratch.length < bound) {
            scratch = new byte[bound];
            if (bound <= KEPT_SCRATCH) {
                SCRATCH.set(scratch);
            }
        }
        int n = COMPRESS.get().compressByteArray(scratch, 0, bound, data, offset, length);
        return Arrays.copyOf(scratch, n);
    }

    @Override
    public byte[] decompress(byte[] data, int offset, int length, int expectedLength) {
        byte[] out = new byte[expectedLength];
        int n;
        try {
            n = DECOMPRESS.get().decompressByteArray(out, 0, expectedLength, data, offset, length);
        } catch (RuntimeException e) {
            throw new IllegalStateException("zstd data is corrupt or larger than the " + expectedLength + " bytes claimed: " + e.getMessage(), e);
        }
        if (n != expectedLength) {
            throw new IllegalStateException("zstd data expands to " + n + " bytes, expected " + expectedLength);
        }
        return out;
    }
}
