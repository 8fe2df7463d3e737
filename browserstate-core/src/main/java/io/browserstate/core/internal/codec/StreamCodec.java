package io.browserstate.core.internal.codec;

import io.browserstate.spi.CompressionCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** A codec made of a Commons Compress stream pair; decompression never reads past the claimed size. */
abstract class StreamCodec implements CompressionCodec {

    protected abstract OutputStream compressing(OutputStream out) throws IOException;

    protected abstract InputStream decompressing(InputStream in) throws IOException;

    @Override
    public final byte[] compress(byte[] data, int offset, int length) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, length / 2));
        try (OutputStream out = compressing(bytes)) {
            out.write(data, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(name() + " compression failed", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public final byte[] decompress(byte[] data, int offset, int length, int expectedLength) {
        byte[] out = new byte[expectedLength];
        try (InputStream in = decompressing(new ByteArrayInputStream(data, offset, length))) {
            int filled = in.readNBytes(out, 0, expectedLength);
            if (filled != expectedLength) {
                throw new IllegalStateException(name() + " data expands to " + filled + " bytes, expected " + expectedLength);
            }
            if (in.read() != -1) {
                throw new IllegalStateException(name() + " data expands beyond the " + expectedLength + " bytes claimed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name() + " data is corrupt", e);
        }
        return out;
    }
}
