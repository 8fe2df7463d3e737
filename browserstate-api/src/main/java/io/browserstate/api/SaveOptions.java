package io.browserstate.api;

import java.util.Map;

/**
 * Metadata recorded with one save.
 *
 * @param browserVersion the browser that wrote the profile, or {@code null} when unknown
 * @param attributes free-form metadata (keys and values are strings)
 * @since 0.1
 */
public record SaveOptions(String browserVersion, Map<String, String> attributes) {

    public SaveOptions {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Records nothing beyond what the engine measures. */
    public static SaveOptions none() {
        return new SaveOptions(null, Map.of());
    }
}
