package io.browserstate.api;

import java.util.Map;

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
public record SaveOptions(String browserVersion, Map<String, String> attributes, Long baseVersion) {

    public SaveOptions {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (baseVersion != null && baseVersion < 0) {
            throw new IllegalArgumentException("baseVersion must be 0 (a new session) or a published version, was " + baseVersion);
        }
    }

    /** Metadata with no base: the save replaces whatever is current. */
    public SaveOptions(String browserVersion, Map<String, String> attributes) {
        this(browserVersion, attributes, null);
    }

    /** Records nothing beyond what the engine measures, and replaces whatever is current. */
    public static SaveOptions none() {
        return new SaveOptions(null, Map.of(), null);
    }

    /**
     * Builds on {@code version}: the save is refused unless the session's current version is exactly
     * that one ({@code 0}: unless the session does not exist).
     *
     * @since 0.2
     */
    public static SaveOptions basedOn(long version) {
        return new SaveOptions(null, Map.of(), version);
    }

    /**
     * Builds on the version a restore returned: the restore-change-save pattern that never overwrites
     * a newer snapshot.
     *
     * @since 0.2
     */
    public static SaveOptions basedOn(RestoreResult restored) {
        return basedOn(restored.version());
    }

    /**
     * Creates the session: the save is refused when the session already exists.
     *
     * @since 0.2
     */
    public static SaveOptions mustBeNew() {
        return basedOn(0);
    }

    /**
     * This options with another base ({@code null}: replace whatever is current).
     *
     * @since 0.2
     */
    public SaveOptions withBaseVersion(Long version) {
        return new SaveOptions(browserVersion, attributes, version);
    }
}
