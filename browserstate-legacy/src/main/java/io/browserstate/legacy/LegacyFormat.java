package io.browserstate.legacy;

/**
 * How a legacy session value is encoded, recognised from the value itself (never from the metadata).
 *
 * @since 0.1
 */
public enum LegacyFormat {

    /**
     * Base64 of a ZIP archive of the profile directory, as written by the current TypeScript
     * ({@code ts-zip-v2}) and Python ({@code py-zip-v2}) libraries.
     */
    ZIP_V2("zip-v2"),

    /** One JSON document holding every file, written by the first TypeScript Redis provider. */
    SEED_JSON_V1("seed-json-v1"),

    /** Neither of the above; restoring such a value fails. Reported by {@code info} only. */
    UNRECOGNIZED("unrecognized");

    private final String id;

    LegacyFormat(String id) {
        this.id = id;
    }

    /**
     * A short stable name, recorded as the {@code legacy.format} attribute of migrated sessions.
     *
     * @return the format's name: {@code zip-v2}, {@code seed-json-v1} or {@code unrecognized}
     */
    public String id() {
        return id;
    }
}
