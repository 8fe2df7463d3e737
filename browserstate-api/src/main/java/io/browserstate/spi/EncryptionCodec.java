package io.browserstate.spi;

/**
 * Encrypts encoded blob bytes (after compression). Registered in
 * {@code META-INF/services/io.browserstate.spi.EncryptionCodec}; the name and key id are recorded
 * with every blob so that keys can be rotated. No implementation ships yet.
 *
 * @since 0.1
 */
public interface EncryptionCodec {

    /** Lower-case name, e.g. {@code aes-256-gcm}. */
    String name();

    /** Id of the key new blobs are encrypted with. */
    String currentKeyId();

    /** Encrypts and authenticates {@code plaintext}, binding {@code associatedData} (the blob id). */
    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    /** Decrypts with the named key; fails on any authentication error. */
    byte[] decrypt(String keyId, byte[] ciphertext, byte[] associatedData);
}
