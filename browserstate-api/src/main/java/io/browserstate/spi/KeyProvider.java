package io.browserstate.spi;

import java.util.Set;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * The master keys of an encrypted store, by id: one current key that new blobs are encrypted with,
 * and any number of older ones kept for reading what they wrote. Every encrypted blob records the id of
 * the key that wrote it, so rotating means configuring a new current key and keeping the old one until
 * {@code rekey} has rewritten what it protected.
 *
 * <p>Built-ins read keys named by reference (an environment variable or a file; see
 * {@code io.browserstate.core.KeyProviders}); a provider for a KMS or Vault implements this interface,
 * for example by unwrapping data keys once at start-up. The engine asks for each key once and derives
 * its working keys from it; it never logs, prints or stores key material, and implementations must not
 * either: {@code toString} names key ids at most.
 *
 * @since 0.4
 */
public interface KeyProvider {

    /**
     * The id of the key new blobs are encrypted with: 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}.
     *
     * @return the current key's id
     */
    String currentKeyId();

    /**
     * The ids of every key this provider can return, the current one included.
     *
     * @return the key ids
     */
    Set<String> keyIds();

    /**
     * A master key.
     *
     * @param keyId a key id, as recorded in a blob
     * @return the 256-bit key (its encoded form is 32 bytes), or {@code null} when this provider does not
     *     hold a key of that id
     */
    @Nullable SecretKey key(String keyId);
}
