package io.browserstate.core.tree;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 content ids, in lower-case hex: the ids of chunks and manifests and the digests every module
 * compares.
 *
 * @since 0.2
 */
public final class Hashing {
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    });

    private Hashing() {
    }

    /**
     * The SHA-256 of part of an array.
     *
     * @param data the bytes
     * @param offset where the hashed part starts
     * @param length how many bytes are hashed
     * @return the digest as 64 lower-case hex characters
     */
    public static String sha256(byte[] data, int offset, int length) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(data, offset, length);
        return HEX.formatHex(md.digest());
    }

    /**
     * The SHA-256 of a whole array.
     *
     * @param data the bytes
     * @return the digest as 64 lower-case hex characters
     */
    public static String sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }
}
