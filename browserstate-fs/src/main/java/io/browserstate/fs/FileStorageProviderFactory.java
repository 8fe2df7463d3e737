package io.browserstate.fs;

import io.browserstate.api.InvalidConfigurationException;
import io.browserstate.fs.internal.FileStorageProvider;
import io.browserstate.spi.StorageProvider;
import io.browserstate.spi.StorageProviderFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Stores sessions in a directory: {@code file:///var/lib/browserstate} (absolute) or
 * {@code file:relative/dir}. Safe for several processes on one machine (file locks guard the head and
 * the lease). Options: {@code durable} ({@code true} forces every blob and head to disk before a save
 * returns; default {@code false}).
 *
 * @since 0.1
 */
public final class FileStorageProviderFactory implements StorageProviderFactory {

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public Set<String> options() {
        return Set.of("durable");
    }

    @Override
    public StorageProvider create(URI uri, Map<String, String> options) {
        String path = uri.getPath() != null ? uri.getPath() : uri.getSchemeSpecificPart();
        if (path == null || path.isEmpty()) {
            throw new InvalidConfigurationException("file: URI '" + uri + "' names no directory (use file:///absolute/dir or file:relative/dir)");
        }
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !"localhost".equalsIgnoreCase(uri.getAuthority())) {
            throw new InvalidConfigurationException("file: URI '" + uri + "' names host '" + uri.getAuthority()
                    + "'; only local directories are supported (file:///path)");
        }
        boolean durable = false;
        String d = options.get("durable");
        if (d != null) {
            switch (d.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> durable = true;
                case "false" -> durable = false;
                default -> throw new InvalidConfigurationException("option durable must be true or false, was '" + d + "'");
            }
        }
        return new FileStorageProvider(Path.of(path).toAbsolutePath().normalize(), durable);
    }
}
