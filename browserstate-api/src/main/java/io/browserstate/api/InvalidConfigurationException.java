package io.browserstate.api;

import java.util.List;

/**
 * Configuration was refused. Lists every problem found at once, not only the first.
 *
 * @since 0.1
 */
public class InvalidConfigurationException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super(problems.size() == 1 ? "Invalid configuration: " + problems.get(0)
                : "Invalid configuration (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidConfigurationException(String problem) {
        this(List.of(problem));
    }

    /** Every problem found, one sentence each. */
    public List<String> problems() {
        return problems;
    }
}
