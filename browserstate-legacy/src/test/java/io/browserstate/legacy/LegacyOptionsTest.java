package io.browserstate.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.InvalidConfigurationException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

class LegacyOptionsTest {

    @Test
    @DisplayName("string options are parsed with sizes and durations in the project's short forms")
    void fromMapWhenValidThenParsed() {
        LegacyOptions options = LegacyOptions.fromMap(Map.of("keyPrefix", "myapp", "maxRestoreBytes", "512MB", "maxRestoreEntries", "5000",
                "writeBack", "true", "writeBackTtl", "7d", "compressionLevel", "9", "workDirectory", "/var/tmp/legacy", "scanCount", "100"));

        assertThat(options).isEqualTo(LegacyOptions.builder().keyPrefix("myapp").maxRestoreBytes(512L * 1024 * 1024).maxRestoreEntries(5000)
                .writeBack(true).writeBackTtl(Duration.ofDays(7)).compressionLevel(9).workDirectory(Path.of("/var/tmp/legacy")).scanCount(100)
                .build());
        assertThat(LegacyOptions.fromMap(Map.of("writeBackTtl", "PT30S")).writeBackTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(LegacyOptions.fromMap(Map.of())).isEqualTo(LegacyOptions.defaults());
    }

    @Test
    @DisplayName("every unknown name and invalid value is reported at once")
    void fromMapWhenInvalidThenListsEveryProblem() {
        assertThatThrownBy(() -> LegacyOptions.fromMap(Map.of("keyprefix", "x", "writeBack", "yes", "compressionLevel", "12",
                "writeBackTtl", "soon")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .hasSize(4)
                        .anySatisfy(p -> assertThat(p).contains("unknown legacy option 'keyprefix'"))
                        .anySatisfy(p -> assertThat(p).contains("writeBack='yes'"))
                        .anySatisfy(p -> assertThat(p).contains("writeBackTtl='soon'"))
                        .anySatisfy(p -> assertThat(p).contains("compressionLevel must be between 0 and 9")));
    }

    @Test
    @DisplayName("a prefix with one trailing colon (the Python and seed writers' spelling) is the same logical prefix")
    void builderWhenPrefixEndsWithOneColonThenSameLogicalPrefix() {
        LegacyOptions colon = LegacyOptions.builder().keyPrefix("myapp:").build();

        assertThat(colon.keyPrefix()).isEqualTo("myapp");
        assertThat(colon).isEqualTo(LegacyOptions.builder().keyPrefix("myapp").build());
        assertThat(LegacyOptions.fromMap(Map.of("keyPrefix", "browserstate:"))).isEqualTo(LegacyOptions.defaults());
    }

    @Test
    @DisplayName("any other colon in the prefix is refused, as the original writers refuse it")
    void builderWhenPrefixHasOtherColonsThenRefused() {
        for (String prefix : new String[] {"my:app", "myapp::", ":myapp", ":"}) {
            assertThatThrownBy(() -> LegacyOptions.builder().keyPrefix(prefix).build())
                    .as(prefix)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("keyPrefix");
        }
    }
}
