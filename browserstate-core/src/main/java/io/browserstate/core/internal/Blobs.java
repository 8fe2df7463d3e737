package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.EncryptionKeyException;
import io.browserstate.api.SessionId;
import io.browserstate.core.tree.Hashing;
import io.browserstate.spi.BlobSpace;
import io.browserstate.spi.CompressionCodec;

/**
 * The one way the engine names, encodes and decodes a blob: compressed with the configured codec
 * ({@link BlobFormat}), then sealed under the current key when encryption is on ({@link BlobCrypto}),
 * its id the SHA-256 of its content or, encrypted, an HMAC keyed per sharing scope. Decoding accepts
 * either form whatever is configured for writing, so one store can hold both.
 */
final class Blobs {
    private final CompressionCodec codec;
    private final Codecs codecs;
    private final BlobCrypto crypto;

    Blobs(CompressionCodec codec, Codecs codecs, BlobCrypto crypto) {
        this.codec = codec;
        this.codecs = codecs;
        this.crypto = crypto;
    }

    /** Where a chunk, manifest or manifest part lives: its space. */
    static String spaceContext(BlobSpace space) {
        return "space:" + space.userId() + (space.sessionId() == null ? "" : "/" + space.sessionId());
    }

    /** Where a snapshot record lives: its session (records are never shared between sessions). */
    static String recordContext(SessionId id) {
        return "record:" + id.userId() + "/" + id.sessionId();
    }

    /** Whether new blobs are encrypted. */
    boolean encrypting() {
        return crypto != null && crypto.currentKeyId() != null;
    }

    /** The id of the key new blobs are sealed with, or {@code null}. */
    String currentKeyId() {
        return crypto == null ? null : crypto.currentKeyId();
    }

    /** What a manifest records as its encryption: {@code none}, or {@code aes-256-gcm:<key id>}. */
    String encryption() {
        return encrypting() ? BrowserStateOptions.AES_256_GCM + ":" + crypto.currentKeyId() : BrowserStateOptions.DEFAULT_ENCRYPTION;
    }

    /** The crypto, or {@code null} when no keys are configured. */
    BlobCrypto crypto() {
        return crypto;
    }

    /** The id a new blob of {@code space} gets. */
    String id(BlobSpace space, byte[] data, int offset, int length) {
        return encrypting() ? crypto.blobId(space.userId(), data, offset, length) : Hashing.sha256(data, offset, length);
    }

    String id(BlobSpace space, byte[] data) {
        return id(space, data, 0, data.length);
    }

    /** Encodes a new blob (compressed, then sealed when encrypting). */
    byte[] encode(String context, String id, byte[] plain, int offset, int length) {
        return encrypting() ? crypto.seal(BlobFormat.body(plain, offset, length, codec), context, id)
                : BlobFormat.encode(plain, offset, length, codec);
    }

    /**
     * Decodes a stored blob of {@code space} and checks it against its id, in whichever form it was written.
     *
     * @throws EncryptionKeyException when it is encrypted with a key not configured here
     * @throws IllegalStateException describing what is wrong with it (the caller adds the session)
     */
    byte[] decode(SessionId session, BlobSpace space, String context, String id, byte[] blob, int expectedLength, int maxLength) {
        BlobFormat.Slice s = decodeSlice(session, space, context, id, blob, expectedLength, maxLength);
        return s.offset() == 0 && s.length() == s.array().length ? s.array() : java.util.Arrays.copyOfRange(s.array(), s.offset(), s.offset() + s.length());
    }

    /** {@link #decode}, as a slice of the blob (or of its opened body) when it is stored without compression: no copy. */
    BlobFormat.Slice decodeSlice(SessionId session, BlobSpace space, String context, String id, byte[] blob, int expectedLength, int maxLength) {
        BlobFormat.checkHeader(id, blob);
        if (blob[2] != BlobCrypto.FLAG_ENCRYPTED) {
            return BlobFormat.decodeSlice(id, blob, expectedLength, maxLength, codecs);
        }
        String keyId = BlobCrypto.keyIdOf(blob);
        if (crypto == null) {
            throw new EncryptionKeyException(session, keyId == null ? "?" : keyId, "data was encrypted with key '" + keyId
                    + "', and no keys are configured here; set encryptionKeys (or a keyProvider) to read it");
        }
        byte[] body = crypto.open(session, blob, context, id);
        BlobFormat.Slice plain = BlobFormat.decodeBodySlice(id, body, 0, expectedLength, maxLength, codecs);
        String actual = crypto.blobId(session, keyId, space.userId(), plain.array(), plain.offset(), plain.length());
        if (!actual.equals(id)) {
            throw new IllegalStateException("blob " + id + " does not match its id under key '" + keyId + "'");
        }
        return plain;
    }

    /** The key a stored blob was sealed with, or {@code null} when it is plain. */
    static String keyIdOf(byte[] blob) {
        return BlobCrypto.keyIdOf(blob);
    }
}
