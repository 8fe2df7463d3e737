package io.browserstate.core.internal;

import io.browserstate.core.tree.Hashing;
import io.browserstate.spi.CompressionCodec;
import java.nio.charset.StandardCharsets;

/**
 * The encoding of one blob: a small self-describing header, then the payload.
 *
 * <pre>
 * byte 0     'B' (0x42)
 * byte 1     format version (1)
 * byte 2     flags: 0 plain, 1 encrypted (then see {@link BlobCrypto} for the rest)
 * byte 3     n = length of the codec name
 * bytes 4..  codec name (ASCII), then the plain length as 4 bytes big-endian, then the payload
 * </pre>
 *
 * Plain blobs' ids are the SHA-256 of the plain bytes (encrypted ones', a keyed HMAC), so a blob is
 * verified after decoding whatever codec wrote it, and the same content stays one blob when the
 * configured codec changes.
 */
public final class BlobFormat {
    static final byte MAGIC = 'B';
    static final byte VERSION = 1;
    /** Keep a chunk raw unless compression saves at least this fraction. */
    static final double MIN_SAVING = 0.05;

    /** Bytes compressed as a sample to decide whether a large chunk is worth compressing. */
    static final int SAMPLE = 32 * 1024;

    private BlobFormat() {
    }

    private static boolean compresses(byte[] plain, int offset, int length, CompressionCodec codec) {
        return codec.compress(plain, offset, length).length <= length * (1 - MIN_SAVING);
    }

    /**
     * A blob's body before it is written: {@code header} (codec name length, codec name, plain length)
     * and the payload, which for a raw chunk is the caller's array itself (not copied).
     */
    record Body(byte[] header, byte[] payload, int offset, int length) {
    }

    /**
     * Chooses the payload of {@code plain}: compressed, or raw when the codec saves less than 5%. A large
     * chunk whose first {@value #SAMPLE} bytes do not compress is stored raw without compressing the
     * rest: random data (encrypted cookies, already-compressed caches) would only burn CPU.
     */
    static Body body(byte[] plain, int offset, int length, CompressionCodec codec) {
        String name = codec.name();
        byte[] payload = null;
        if (!"none".equals(name) && length > 64 && (length < 2 * SAMPLE || compresses(plain, offset, SAMPLE, codec))) {
            byte[] packed = codec.compress(plain, offset, length);
            if (packed.length <= length * (1 - MIN_SAVING)) {
                payload = packed;
            }
        }
        if (payload == null) {
            name = "none";
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[1 + nameBytes.length + 4];
        header[0] = (byte) nameBytes.length;
        System.arraycopy(nameBytes, 0, header, 1, nameBytes.length);
        int p = 1 + nameBytes.length;
        header[p] = (byte) (length >>> 24);
        header[p + 1] = (byte) (length >>> 16);
        header[p + 2] = (byte) (length >>> 8);
        header[p + 3] = (byte) length;
        return payload == null ? new Body(header, plain, offset, length) : new Body(header, payload, 0, payload.length);
    }

    /** Encodes {@code plain} as a plain blob (see {@link #body}). */
    public static byte[] encode(byte[] plain, int offset, int length, CompressionCodec codec) {
        Body b = body(plain, offset, length, codec);
        byte[] out = new byte[3 + b.header().length + b.length()];
        out[0] = MAGIC;
        out[1] = VERSION;
        out[2] = 0;
        System.arraycopy(b.header(), 0, out, 3, b.header().length);
        System.arraycopy(b.payload(), b.offset(), out, 3 + b.header().length, b.length());
        return out;
    }

    /**
     * Decodes a plain blob and checks it against its SHA-256 id and the size the manifest claims.
     *
     * @param expectedLength the plain length the caller expects, or -1 to accept any up to {@code maxLength}
     * @throws IllegalStateException describing what is wrong (the caller adds the session and id)
     */
    public static byte[] decode(String id, byte[] blob, int expectedLength, int maxLength, Codecs codecs) {
        Slice s = decodeSlice(id, blob, expectedLength, maxLength, codecs);
        return s.offset() == 0 && s.length() == s.array().length ? s.array() : java.util.Arrays.copyOfRange(s.array(), s.offset(), s.offset() + s.length());
    }

    /** {@link #decode}, as a slice of {@code blob} when it is stored without compression. */
    static Slice decodeSlice(String id, byte[] blob, int expectedLength, int maxLength, Codecs codecs) {
        checkHeader(id, blob);
        if (blob[2] != 0) {
            throw new IllegalStateException("blob " + id + " is encrypted (flags " + blob[2] + ")");
        }
        Slice plain = decodeBodySlice(id, blob, 3, expectedLength, maxLength, codecs);
        String actual = Hashing.sha256(plain.array(), plain.offset(), plain.length());
        if (!actual.equals(id)) {
            throw new IllegalStateException("blob " + id + " does not match its id (its content hashes to " + actual + ")");
        }
        return plain;
    }

    /** Checks the magic byte and the format version. */
    static void checkHeader(String id, byte[] blob) {
        if (blob.length < 8 || blob[0] != MAGIC) {
            throw new IllegalStateException("blob " + id + " is not in BrowserState blob format");
        }
        if (blob[1] != VERSION) {
            throw new IllegalStateException("blob " + id + " has unsupported format version " + blob[1]);
        }
        if (blob[2] != 0 && blob[2] != BlobCrypto.FLAG_ENCRYPTED) {
            throw new IllegalStateException("blob " + id + " has unknown flags " + blob[2]);
        }
    }

    /**
     * Bytes within an array: a decoded chunk. A blob stored without compression decodes to a slice of the
     * blob itself, so that restoring incompressible data copies nothing before the write.
     */
    record Slice(byte[] array, int offset, int length) {
        static Slice of(byte[] array) {
            return new Slice(array, 0, array.length);
        }

        /** {@code n} bytes from {@code from} of this slice, to write. */
        java.nio.ByteBuffer buffer(int from, int n) {
            return java.nio.ByteBuffer.wrap(array, offset + from, n);
        }
    }

    /**
     * Decodes a blob's body (codec name, plain length, payload) starting at {@code start}, without
     * checking the content against the id (the caller does, with the id function that wrote it); a slice
     * of {@code blob} when it is stored without compression.
     */
    static Slice decodeBodySlice(String id, byte[] blob, int start, int expectedLength, int maxLength, Codecs codecs) {
        int n = start < blob.length ? blob[start] & 0xff : 0;
        if (n == 0 || start + 1 + n + 4 > blob.length) {
            throw new IllegalStateException("blob " + id + " has a malformed header");
        }
        String codecName = new String(blob, start + 1, n, StandardCharsets.US_ASCII);
        int p = start + 1 + n;
        int plainLength = ((blob[p] & 0xff) << 24) | ((blob[p + 1] & 0xff) << 16) | ((blob[p + 2] & 0xff) << 8) | (blob[p + 3] & 0xff);
        if (plainLength < 0 || plainLength > maxLength) {
            throw new IllegalStateException("blob " + id + " claims " + plainLength + " bytes, over the limit of " + maxLength);
        }
        if (expectedLength >= 0 && plainLength != expectedLength) {
            throw new IllegalStateException("blob " + id + " holds " + plainLength + " bytes where the manifest says " + expectedLength);
        }
        CompressionCodec codec = codecs.find(codecName);
        if (codec == null) {
            throw new IllegalStateException("blob " + id + " was written with codec '" + codecName + "', which is not on the class path; known: " + codecs.names());
        }
        if ("none".equals(codecName)) {
            if (blob.length - p - 4 != plainLength) {
                throw new IllegalStateException("blob " + id + " does not decode with none: raw blob holds " + (blob.length - p - 4)
                        + " bytes, expected " + plainLength);
            }
            return new Slice(blob, p + 4, plainLength);
        }
        try {
            return Slice.of(codec.decompress(blob, p + 4, blob.length - p - 4, plainLength));
        } catch (RuntimeException e) {
            throw new IllegalStateException("blob " + id + " does not decode with " + codecName + ": " + e.getMessage(), e);
        }
    }
}
