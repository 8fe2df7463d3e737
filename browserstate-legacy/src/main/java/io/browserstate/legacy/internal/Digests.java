package io.browserstate.legacy.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-1 of stored values, as Redis's {@code redis.sha1hex} computes it (SHA-256 is core's {@code Hashing}). */
public final class Digests {

    private Digests() {
    }

    /** Lower-case hex SHA-1 (what Redis's {@code redis.sha1hex} computes; used only to compare-and-delete). */
    public static String sha1(byte[] data) {
        return digest("SHA-1", data);
    }

    private static String digest(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }
}
