package io.browserstate.examples.sqlite;

import io.browserstate.tck.StorageProviderCompatibilityKit;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The whole provider compatibility kit, run against the SQLite provider: this is all a backend's test needs. */
class SqliteStorageProviderCompatibilityTest extends StorageProviderCompatibilityKit {

    @TempDir
    static Path databaseDirectory;

    @Override
    protected URI storageUri() {
        return URI.create("sqlite://" + databaseDirectory.resolve("sessions.db").toUri().getRawPath());
    }

    @Override
    protected Map<String, String> options() {
        return Map.of("busyTimeout", "10s");
    }
}
