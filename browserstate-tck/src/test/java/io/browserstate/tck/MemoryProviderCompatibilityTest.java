package io.browserstate.tck;

import java.net.URI;

/** The whole kit on the reference in-memory provider: what every provider author can compare against. */
class MemoryProviderCompatibilityTest extends StorageProviderCompatibilityKit {
    @Override
    protected URI storageUri() {
        return URI.create("memory:tck");
    }
}
