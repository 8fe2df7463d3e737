package io.browserstate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.browserstate.api.InvalidSessionIdException;
import io.browserstate.api.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdTest {
    @ParameterizedTest(name = "''{0}'' is refused naming the character")
    @ValueSource(strings = {"a:b", "a*", "a?", "a[", "a]", "a{", "a}", "a/b", "a\\b"})
    void keyOrPathBreakingCharactersAreRefused(String bad) {
        char c = bad.charAt(bad.length() - 1) == 'b' ? bad.charAt(1) : bad.charAt(bad.length() - 1);
        assertThatThrownBy(() -> SessionId.of("u", bad)).isInstanceOf(InvalidSessionIdException.class)
                .hasMessageContaining("sessionId").hasMessageContaining("'" + c + "'");
    }

    @Test
    void emptyLongAndControlCharactersAreRefused() {
        assertThatThrownBy(() -> SessionId.of("", "s")).hasMessageContaining("userId must not be empty");
        assertThatThrownBy(() -> SessionId.of("u", "x".repeat(129))).hasMessageContaining("129 characters");
        assertThatThrownBy(() -> SessionId.of("u\n", "s")).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> SessionId.of("..", "s")).hasMessageContaining("'..'");
    }

    @Test
    void lengthIsCheckedInUtf8Bytes() {
        assertThat(SessionId.of("u", "é".repeat(64)).sessionId()).hasSize(64);
        assertThatThrownBy(() -> SessionId.of("u", "é".repeat(65))).isInstanceOf(InvalidSessionIdException.class)
                .hasMessageContaining("130 bytes");
        assertThatThrownBy(() -> SessionId.of("u", "🍪".repeat(33))).hasMessageContaining("132 bytes");
    }

    @Test
    void ordinaryIdsAreAccepted() {
        assertThat(SessionId.of("alice@example.com", "checkout-flow_2 v1.0").toString()).isEqualTo("alice@example.com/checkout-flow_2 v1.0");
    }
}
