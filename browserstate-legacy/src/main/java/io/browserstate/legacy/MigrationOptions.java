package io.browserstate.legacy;

/**
 * How legacy sessions are migrated into the native format.
 *
 * @param dryRun read and verify every legacy value and report what would be done, writing nothing
 * @param deleteLegacy delete the legacy keys once the native session holds their content (also when
 *     an earlier run migrated them); a key is deleted only if its value is still the one migrated
 * @param overwriteNewerNative migrate even when the native session was saved after the legacy value was
 *     written (or when the legacy value carries no time to compare); off by default so that a migration
 *     never replaces newer native work with older legacy data
 * @param deleteIncomplete with {@code deleteLegacy}: delete the legacy keys even when the native copy left
 *     files out (skipped, or excluded by the store's exclusion rules such as caches); off by default, so
 *     the only full copy is never deleted unless the caller said the left-out parts may go
 * @since 0.1
 */
public record MigrationOptions(boolean dryRun, boolean deleteLegacy, boolean overwriteNewerNative, boolean deleteIncomplete) {

    /** Migrate for real, keep legacy keys, never replace newer native sessions. */
    public static MigrationOptions defaults() {
        return builder().build();
    }

    /** {@link #defaults()} as a dry run. */
    public static MigrationOptions dryRunOnly() {
        return builder().dryRun(true).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().dryRun(dryRun).deleteLegacy(deleteLegacy).overwriteNewerNative(overwriteNewerNative)
                .deleteIncomplete(deleteIncomplete);
    }

    /** Builds {@link MigrationOptions}; everything starts off. */
    public static final class Builder {
        private boolean dryRun;
        private boolean deleteLegacy;
        private boolean overwriteNewerNative;
        private boolean deleteIncomplete;

        private Builder() {
        }

        public Builder dryRun(boolean v) { this.dryRun = v; return this; }
        public Builder deleteLegacy(boolean v) { this.deleteLegacy = v; return this; }
        public Builder overwriteNewerNative(boolean v) { this.overwriteNewerNative = v; return this; }
        public Builder deleteIncomplete(boolean v) { this.deleteIncomplete = v; return this; }

        public MigrationOptions build() {
            return new MigrationOptions(dryRun, deleteLegacy, overwriteNewerNative, deleteIncomplete);
        }
    }
}
