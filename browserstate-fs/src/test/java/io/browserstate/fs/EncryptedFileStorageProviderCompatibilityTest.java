package io.browserstate.fs;

import io.browserstate.spi.KeyProvider;
import io.browserstate.tck.StorageProviderCompatibilityKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/** The whole compatibility kit against the filesystem provider, with encryption on. */
class EncryptedFileStorageProviderCompatibilityTest extends StorageProviderCompatibilityKit {
    private static final Path STORE;

    static {
        try {
            STORE = Files.createTempDirectory("browserstate-fs-tck-encrypted-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected URI storageUri() {
        return STORE.toUri();
    }

    @Override
    protected KeyProvider keyProvider() {
        return generatedKey();
    }

    @AfterAll
    static void removeStore() {
        io.browserstate.core.tree.Trees.deleteLogged(STORE);
    }
}
