package io.browserstate.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one save records, and which snapshot it builds on.
 *
 * <p>A save with a base ({@link #basedOn(long)}, {@link #basedOn(RestoreResult)}, {@link #mustBeNew()})
 * publishes only if the session's current version is still that base; otherwise it is refused with
 * {@link SessionConflictException} and nothing is published, so a copy restored earlier can never
 * silently overwrite a snapshot another worker saved since. A save without a base ({@link #none()})
 * replaces whatever is current at the moment it publishes.
 *
 * @param browserVersion the browser that wrote the profile, or {@code null} when unknown
 * @param attributes free-form metadata (keys and values are strings)
 * @param baseVersion the version the save builds on ({@code 0}: the session must not exist yet), or
 *     {@code null} to replace whatever is current
 * @since 0.1
 */
public record SaveOptions(@Nullable String browserVersion, Map<String, String> attributes, @Nullable Long baseVersion) {

    /**
     * Copies {@code attributes} ({@code null} becomes an empty map) and checks the base version.
     *
     * @param browserVersion the browser that wrote the profile, or {@code null} when unknown
     * @param attributes free-form metadata, or {@code null} for none
     * @param baseVersion the version the save builds on ({@code 0}: the session must not exist yet), or
     *     {@code null} to replace whatever is current
     * @throws IllegalArgumentException when {@code baseVersion} is negative
     */
    public SaveOptions {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (baseVersion != null && baseVersion < 0) {
            throw new IllegalArgumentException("baseVersion must be 0 (a new session) or a published version, was " + baseVersion);
        }
    }

    /**
     * Metadata with no base: the save replaces whatever is current.
     *
     * @param browserVersion the browser that wrote the profile, or {@code null} when unknown
     * @param attributes free-form metadata, or {@code null} for none
     */
    public SaveOptions(@Nullable String browserVersion, Map<String, String> attributes) {
        this(browserVersion, attributes, null);
    }

    /**
     * Records nothing beyond what the engine measures, and replaces whatever is current.
     *
     * @return options with no metadata and no base
     */
    public static SaveOptions none() {
        return new SaveOptions(null, Map.of(), null);
    }

    /**
     * Builds on {@code version}: the save is refused unless the session's current version is exactly
     * that one ({@code 0}: unless the session does not exist).
     *
     * @param version the version the session must be at when the save publishes; {@code 0} for none
     * @return options with that base and no metadata
     * @throws IllegalArgumentException when {@code version} is negative
     * @since 0.2
     */
    public static SaveOptions basedOn(long version) {
        return new SaveOptions(null, Map.of(), version);
    }

    /**
     * Builds on the version a restore returned: the restore-change-save pattern that never overwrites
     * a newer snapshot.
     *
     * @param restored the restore the save builds on; version 0 (a new session) means the session must
     *     still not exist
     * @return options based on {@code restored.version()}, with no metadata
     * @since 0.2
     */
    public static SaveOptions basedOn(RestoreResult restored) {
        return basedOn(restored.version());
    }

    /**
     * Creates the session: the save is refused when the session already exists.
     *
     * @return options with base version 0 and no metadata
     * @since 0.2
     */
    public static SaveOptions mustBeNew() {
        return basedOn(0);
    }

    /**
     * This options with another base ({@code null}: replace whatever is current).
     *
     * @param version the new base version, or {@code null} for no base
     * @return a copy with the same metadata and the given base
     * @throws IllegalArgumentException when {@code version} is negative
     * @since 0.2
     */
    public SaveOptions withBaseVersion(@Nullable Long version) {
        return new SaveOptions(browserVersion, attributes, version);
    }
}
