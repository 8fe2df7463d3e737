package io.browserstate.legacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.browserstate.legacy.LegacyOptions;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LegacyValueLengthTest {

    @Test
    @DisplayName("with the default limits the longest accepted value is the base64 of 384 MiB: 512 MiB, Redis's default largest value")
    void maxValueBytesWhenDefaultsThenBase64OfTheArchiveCap() {
        assertThat(LegacyEngine.maxValueBytes(LegacyOptions.defaults())).isEqualTo(512L * 1024 * 1024);
    }

    @Test
    @DisplayName("smaller limits give the base64 length of the file bytes plus 512 bytes per entry")
    void maxValueBytesWhenLimitsSmallThenDerivedFromThem() {
        LegacyOptions small = LegacyOptions.builder().maxRestoreBytes(3000).maxRestoreEntries(3).build();

        assertThat(LegacyEngine.maxValueBytes(small)).isEqualTo((3000 + 3 * 512) / 3 * 4);
    }

    @Test
    @DisplayName("limits whose sum overflows are capped like the defaults")
    void maxValueBytesWhenLimitsHugeThenCapped() {
        LegacyOptions huge = LegacyOptions.builder().maxRestoreBytes(Long.MAX_VALUE).maxRestoreEntries(Long.MAX_VALUE / 2).build();

        assertThat(LegacyEngine.maxValueBytes(huge)).isEqualTo(512L * 1024 * 1024);
    }
}
