package io.browserstate.core.internal.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;

/** LZ4 frame format through Commons Compress. */
public final class Lz4Codec extends StreamCodec {

    @Override
    public String name() {
        return "lz4";
    }

    @Override
    protected OutputStream compressing(OutputStream out) throws IOException {
        return new FramedLZ4CompressorOutputStream(out);
    }

    @Override
    protected InputStream decompressing(InputStream in) throws IOException {
        return new FramedLZ4CompressorInputStream(in);
    }
}
