package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionValuesTest {
    @Test
    void durationsInIsoAndShortForms() {
        assertThat(OptionValues.duration("P7D")).isEqualTo(Duration.ofDays(7));
        assertThat(OptionValues.duration("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(OptionValues.duration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(OptionValues.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(OptionValues.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> OptionValues.duration("soon")).hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void sizesWithUnits() {
        assertThat(OptionValues.size("5MB")).isEqualTo(5L * 1024 * 1024);
        assertThat(OptionValues.size("512kb")).isEqualTo(512L * 1024);
        assertThat(OptionValues.size("1234")).isEqualTo(1234);
        assertThatThrownBy(() -> OptionValues.size("-1")).hasMessageContaining("not a size");
    }

    @Test
    void queryIsSplitAndFilteredWithoutTouchingTheRest() {
        URI uri = URI.create("redis://user:pw@host:6379/0?ttl=7d&compression=gzip&keyPrefix=app#frag");
        assertThat(OptionValues.query(uri)).containsExactly(Map.entry("ttl", "7d"), Map.entry("compression", "gzip"), Map.entry("keyPrefix", "app"));
        assertThat(OptionValues.withQuery(uri, Map.of("ttl", "", "keyPrefix", "")).toString())
                .isEqualTo("redis://user:pw@host:6379/0?ttl=7d&keyPrefix=app#frag");
    }
}
