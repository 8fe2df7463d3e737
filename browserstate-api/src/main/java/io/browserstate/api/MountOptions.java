package io.browserstate.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * How one session is mounted.
 *
 * @param createIfMissing mount an empty profile when the session does not exist yet; when false a
 *     missing session raises {@link SessionNotFoundException}
 * @param directory where to restore the profile (must not exist or be empty); {@code null} creates a
 *     fresh private (0700) directory under the work directory
 * @param browserVersion the browser version to record with the next save, when known in advance
 * @param attributes free-form metadata to record with the next save
 * @since 0.1
 */
public record MountOptions(boolean createIfMissing, Path directory, String browserVersion, Map<String, String> attributes) {

    public MountOptions {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Create when missing, fresh private directory, nothing recorded. */
    public static MountOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().createIfMissing(createIfMissing).directory(directory).browserVersion(browserVersion).attributes(attributes);
    }

    /** Builds {@link MountOptions}. */
    public static final class Builder {
        private boolean createIfMissing = true;
        private Path directory;
        private String browserVersion;
        private Map<String, String> attributes = Map.of();

        private Builder() {
        }

        public Builder createIfMissing(boolean v) { this.createIfMissing = v; return this; }
        public Builder directory(Path v) { this.directory = v; return this; }
        public Builder browserVersion(String v) { this.browserVersion = v; return this; }
        public Builder attributes(Map<String, String> v) { this.attributes = Map.copyOf(v); return this; }

        public MountOptions build() {
            return new MountOptions(createIfMissing, directory, browserVersion, attributes);
        }
    }
}
