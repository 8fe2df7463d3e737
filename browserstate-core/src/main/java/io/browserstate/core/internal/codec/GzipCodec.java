package io.browserstate.core.internal.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/** gzip (deflate level 6) through Commons Compress: the most portable choice. */
public final class GzipCodec extends StreamCodec {

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    protected OutputStream compressing(OutputStream out) throws IOException {
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(Deflater.DEFAULT_COMPRESSION);
        return new GzipCompressorOutputStream(out, parameters);
    }

    @Override
    protected InputStream decompressing(InputStream in) throws IOException {
        return new GzipCompressorInputStream(in);
    }
}
