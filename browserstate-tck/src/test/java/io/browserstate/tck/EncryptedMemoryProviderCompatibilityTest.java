package io.browserstate.tck;

import io.browserstate.core.KeyProviders;
import io.browserstate.spi.KeyProvider;
import java.net.URI;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/** The whole kit on the in-memory provider with encryption on: every group's behaviour holds encrypted too. */
class EncryptedMemoryProviderCompatibilityTest extends StorageProviderCompatibilityKit {
    @Override
    protected URI storageUri() {
        return URI.create("memory:tck-encrypted");
    }

    @Override
    protected KeyProvider keyProvider() {
        return KeyProviders.of("kit", Map.of("kit", new SecretKeySpec(java.util.Base64.getDecoder().decode(KeyProviders.newKey()), "AES")));
    }
}
