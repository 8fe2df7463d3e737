package io.browserstate.tck;

import io.browserstate.spi.KeyProvider;
import java.net.URI;

/** The whole kit on the in-memory provider with encryption on: every group's behaviour holds encrypted too. */
class EncryptedMemoryProviderCompatibilityTest extends StorageProviderCompatibilityKit {
    @Override
    protected URI storageUri() {
        return URI.create("memory:tck-encrypted");
    }

    @Override
    protected KeyProvider keyProvider() {
        return generatedKey();
    }
}
