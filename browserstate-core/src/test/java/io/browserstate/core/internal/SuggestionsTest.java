package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> OPTIONS = List.of("compression", "chunkSize", "keyPrefix", "ttl", "workDirectory");

    @Test
    @DisplayName("a misspelling one or two edits away is suggested; a different word is not")
    void closestWithinTwoEdits() {
        assertThat(Suggestions.closest("compresion", OPTIONS)).contains("compression");
        assertThat(Suggestions.closest("chunksize", OPTIONS)).contains("chunkSize");
        assertThat(Suggestions.closest("keyPerfix", OPTIONS)).contains("keyPrefix");
        assertThat(Suggestions.closest("tll", OPTIONS)).contains("ttl");
        assertThat(Suggestions.closest("timeout", OPTIONS)).isEmpty();
        assertThat(Suggestions.closest("x", OPTIONS)).isEmpty();
        assertThat(Suggestions.didYouMean("banana", OPTIONS)).isEmpty();
        assertThat(Suggestions.didYouMean("workDirectroy", OPTIONS)).isEqualTo("; did you mean 'workDirectory'?");
    }

    @Test
    @DisplayName("host:port and an absolute path are read as the redis:// and file:// URIs they lack")
    void likelyUris() {
        assertThat(Suggestions.likelyUri("localhost:6379")).contains("redis://localhost:6379");
        assertThat(Suggestions.likelyUri("10.0.0.5:6380/2")).contains("redis://10.0.0.5:6380/2");
        assertThat(Suggestions.likelyUri("/var/lib/browserstate")).contains("file:///var/lib/browserstate");
        assertThat(Suggestions.likelyUri("memory:x")).isEmpty();
    }
}
