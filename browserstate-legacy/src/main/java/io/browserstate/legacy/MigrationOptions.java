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

    /**
     * Migrate for real, keep legacy keys, never replace newer native sessions.
     *
     * @return the default options, every option off
     */
    public static MigrationOptions defaults() {
        return builder().build();
    }

    /**
     * {@link #defaults()} as a dry run.
     *
     * @return the default options with {@code dryRun} on
     */
    public static MigrationOptions dryRunOnly() {
        return builder().dryRun(true).build();
    }

    /**
     * A builder with every option off.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from these options.
     *
     * @return a new builder holding every value of this record
     */
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

        /**
         * Sets whether the migration only reads, verifies and reports, writing nothing.
         *
         * @param v {@code true} for a dry run
         * @return this builder
         */
        public Builder dryRun(boolean v) { this.dryRun = v; return this; }

        /**
         * Sets whether the legacy keys are deleted once the native session holds their content.
         *
         * @param v {@code true} to delete the legacy keys
         * @return this builder
         */
        public Builder deleteLegacy(boolean v) { this.deleteLegacy = v; return this; }

        /**
         * Sets whether a native session saved after the legacy value (or of unknown order) is replaced.
         *
         * @param v {@code true} to migrate even over a newer native session
         * @return this builder
         */
        public Builder overwriteNewerNative(boolean v) { this.overwriteNewerNative = v; return this; }

        /**
         * Sets whether, with {@code deleteLegacy}, the legacy keys are deleted even when the native copy left files out.
         *
         * @param v {@code true} to delete the legacy keys of incomplete copies too
         * @return this builder
         */
        public Builder deleteIncomplete(boolean v) { this.deleteIncomplete = v; return this; }

        /**
         * Creates the options from the values set.
         *
         * @return the options
         */
        public MigrationOptions build() {
            return new MigrationOptions(dryRun, deleteLegacy, overwriteNewerNative, deleteIncomplete);
        }
    }
}
