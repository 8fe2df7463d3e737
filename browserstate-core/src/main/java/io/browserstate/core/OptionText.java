package io.browserstate.core;

import io.browserstate.core.internal.OptionValues;
import io.browserstate.core.internal.Suggestions;
import java.time.Duration;
import java.util.Collection;

/**
 * Option values written as text, parsed the way the engine parses its own: for modules and applications
 * that read further settings from the same properties file or environment (the Playwright adapter's
 * {@code browser.*} settings, a CLI's flags).
 *
 * @since 0.5
 */
public final class OptionText {
    private OptionText() {
    }

    /**
     * A duration: ISO-8601 ({@code PT30S}, {@code P7D}) or {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d}.
     *
     * @param value the text
     * @return the duration
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration duration(String value) {
        return OptionValues.duration(value);
    }

    /**
     * A boolean: {@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}.
     *
     * @param value the text
     * @return the boolean
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static boolean bool(String value) {
        return OptionValues.bool(value);
    }

    /**
     * {@code "; did you mean 'x'?"} for the known name closest to a misspelt one, or an empty string.
     *
     * @param given the name as written
     * @param known the names understood
     * @return the suggestion, ready to append to a message
     */
    public static String didYouMean(String given, Collection<String> known) {
        return Suggestions.didYouMean(given, known);
    }
}
