package io.browserstate.api;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one session is mounted.
 *
 * @param createIfMissing mount an empty profile when the session does not exist yet; when false a
 *     missing session raises {@link SessionNotFoundException}
 * @param directory where to restore the profile (must not exist or be empty); {@code null} creates a
 *     fresh private (0700) directory under the work directory
 * @param browserVersion the browser version to record with the next save, when known in advance
 * @param attributes free-form metadata to record with the next save
 * @param readOnly restore the current snapshot without taking the session's lease and never save it:
 *     any number of workers can hold such a mount at once, even while a writer saves; see
 *     {@link MountedSession#refresh()}. A read-only mount of a missing session is
 *     {@link SessionNotFoundException}, whatever {@code createIfMissing} says.
 * @param seed a directory holding an older copy of the profile whose matching chunks are read from it
 *     instead of fetched; only read. A kept local copy of the session (below) takes its place.
 * @param keepLocalCopy on {@link MountedSession#close()}, once the profile is saved (or, read-only, at
 *     once), move its directory into this machine's kept copies ({@code <workDirectory>/kept}, private
 *     like the mount) instead of deleting it; the next mount of the session on this machine, by any
 *     process sharing the work directory, takes that copy over and moves every file that still hashes to
 *     the snapshot's chunks into the new mount instead of fetching and writing it again. The copy holds
 *     the profile's live cookies until then: {@link BrowserStateManager#delete(SessionId)} removes it,
 *     as does mounting the session, whatever these options say.
 * @since 0.1
 */
public record MountOptions(boolean createIfMissing, @Nullable Path directory, @Nullable String browserVersion, Map<String, String> attributes,
        boolean readOnly, @Nullable Path seed, boolean keepLocalCopy) {

    /**
     * Copies {@code attributes}; {@code null} attributes become an empty map.
     *
     * @param createIfMissing mount an empty profile when the session does not exist yet
     * @param directory where to restore the profile, or {@code null} for a fresh private directory
     * @param browserVersion the browser version to record with the next save, or {@code null}
     * @param attributes free-form metadata to record with the next save, or {@code null} for none
     * @param readOnly restore without the lease and never save
     * @param seed a directory holding an older copy of the profile whose matching files are reused, or {@code null}
     * @param keepLocalCopy keep the directory on this machine on close, for the next mount to take over
     */
    public MountOptions {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * Options that keep no local copy.
     *
     * @param createIfMissing mount an empty profile when the session does not exist yet
     * @param directory where to restore the profile, or {@code null} for a fresh private directory
     * @param browserVersion the browser version to record with the next save, or {@code null}
     * @param attributes free-form metadata to record with the next save, or {@code null} for none
     * @param readOnly restore without the lease and never save
     * @param seed a directory holding an older copy of the profile whose matching files are reused, or {@code null}
     */
    public MountOptions(boolean createIfMissing, @Nullable Path directory, @Nullable String browserVersion, Map<String, String> attributes,
            boolean readOnly, @Nullable Path seed) {
        this(createIfMissing, directory, browserVersion, attributes, readOnly, seed, false);
    }

    /**
     * Options without a seed.
     *
     * @param createIfMissing mount an empty profile when the session does not exist yet
     * @param directory where to restore the profile, or {@code null} for a fresh private directory
     * @param browserVersion the browser version to record with the next save, or {@code null}
     * @param attributes free-form metadata to record with the next save, or {@code null} for none
     * @param readOnly restore without the lease and never save
     */
    public MountOptions(boolean createIfMissing, @Nullable Path directory, @Nullable String browserVersion, Map<String, String> attributes,
            boolean readOnly) {
        this(createIfMissing, directory, browserVersion, attributes, readOnly, null, false);
    }

    /**
     * A read-only mount into a fresh private directory: no lease, never saved.
     *
     * @return options for a read-only mount
     * @since 0.3
     */
    public static MountOptions readOnlyMount() {
        return builder().readOnly(true).createIfMissing(false).build();
    }

    /**
     * Create when missing, fresh private directory, nothing recorded.
     *
     * @return the default options
     */
    public static MountOptions defaults() {
        return builder().build();
    }

    /**
     * A builder that starts from the defaults: create when missing, fresh private directory, nothing recorded.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from these options, to change a copy.
     *
     * @return a new builder holding every value of these options
     */
    public Builder toBuilder() {
        return new Builder().createIfMissing(createIfMissing).directory(directory).browserVersion(browserVersion).attributes(attributes).readOnly(readOnly).seed(seed)
                .keepLocalCopy(keepLocalCopy);
    }

    /** Builds {@link MountOptions}. */
    public static final class Builder {
        private boolean createIfMissing = true;
        private @Nullable Path directory;
        private @Nullable String browserVersion;
        private Map<String, String> attributes = Map.of();
        private boolean readOnly;
        private @Nullable Path seed;
        private boolean keepLocalCopy;

        private Builder() {
        }

        /**
         * Sets whether a missing session is mounted as an empty profile; default {@code true}.
         *
         * @param v {@code false} to raise {@link SessionNotFoundException} for a missing session
         * @return this builder
         */
        public Builder createIfMissing(boolean v) { this.createIfMissing = v; return this; }
        /**
         * Sets where the profile is restored; default {@code null}, a fresh private directory.
         *
         * @param v a directory that does not exist or is empty, or {@code null}
         * @return this builder
         */
        public Builder directory(@Nullable Path v) { this.directory = v; return this; }
        /**
         * Sets the browser version to record with the next save; default none.
         *
         * @param v the browser version, or {@code null} when unknown
         * @return this builder
         */
        public Builder browserVersion(@Nullable String v) { this.browserVersion = v; return this; }
        /**
         * Sets the metadata to record with the next save; default none.
         *
         * @param v the attributes; copied
         * @return this builder
         */
        public Builder attributes(Map<String, String> v) { this.attributes = Map.copyOf(v); return this; }
        /**
         * Sets whether the mount is read-only (no lease, never saved); default {@code false}.
         *
         * @param v whether the mount is read-only
         * @return this builder
         * @since 0.3
         */
        public Builder readOnly(boolean v) { this.readOnly = v; return this; }
        /**
         * Names a directory holding an older copy of the profile (a previous mount's or restore's, kept by
         * the caller); default none. Each chunk of a restored file is read from the same file there when
         * it hashes to the snapshot's chunk, and fetched from the store otherwise; the seed is only read.
         *
         * @param v the directory, or {@code null}
         * @return this builder
         * @since 0.5
         */
        public Builder seed(@Nullable Path v) { this.seed = v; return this; }
        /**
         * Sets whether {@link MountedSession#close()} keeps the saved directory on this machine for the
         * next mount of the session to take over (see {@link MountOptions}); default {@code false}, the
         * directory is deleted. {@link MountedSession#discard()} always deletes it.
         *
         * @param v whether to keep a local copy on close
         * @return this builder
         * @since 0.5
         */
        public Builder keepLocalCopy(boolean v) { this.keepLocalCopy = v; return this; }

        /**
         * Builds the options from the values set so far.
         *
         * @return the options
         */
        public MountOptions build() {
            return new MountOptions(createIfMissing, directory, browserVersion, attributes, readOnly, seed, keepLocalCopy);
        }
    }
}
