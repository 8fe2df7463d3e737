package io.browserstate.api;

import java.util.List;

/**
 * Configuration was refused. Lists every problem found at once, not only the first.
 *
 * @since 0.1
 */
public class InvalidConfigurationException extends BrowserStateException {
    private static final long serialVersionUID = 1L;
    /** Every problem found, one sentence each. */
    private final List<String> problems;

    /**
     * Creates an exception whose message lists every problem.
     *
     * @param problems the problems found, one sentence each
     */
    public InvalidConfigurationException(List<String> problems) {
        super(problems.size() == 1 ? "Invalid configuration: " + problems.get(0)
                : "Invalid configuration (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Creates an exception for a single problem.
     *
     * @param problem the problem found, in one sentence
     */
    public InvalidConfigurationException(String problem) {
        this(List.of(problem));
    }

    /**
     * Every problem found, one sentence each.
     *
     * @return the problems, in the order they were found; unmodifiable
     */
    public List<String> problems() {
        return problems;
    }
}
