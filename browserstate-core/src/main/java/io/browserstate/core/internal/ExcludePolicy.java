package io.browserstate.core.internal;

import io.browserstate.api.BrowserStateOptions;
import io.browserstate.api.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which relative paths a save leaves out. Globs: {@code *} and {@code ?} stay inside one segment,
 * {@code **} spans segments; a pattern ending in {@code /**} also matches the directory itself.
 */
public final class ExcludePolicy {
    private final List<Pattern> patterns;
    private final List<String> globs;

    private ExcludePolicy(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = globs.stream().map(ExcludePolicy::compile).toList();
    }

    public static ExcludePolicy of(BrowserStateOptions options) {
        List<String> all = new ArrayList<>(BrowserStateOptions.ALWAYS_EXCLUDED);
        if (options.defaultExcludes()) {
            all.addAll(BrowserStateOptions.DEFAULT_EXCLUDES);
        }
        all.addAll(options.excludes());
        return new ExcludePolicy(all);
    }

    /** Whether {@code relativePath} (a file, directory or link) is excluded. */
    public boolean excludes(String relativePath) {
        for (Pattern p : patterns) {
            if (p.matcher(relativePath).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The glob that excludes the path, for reports. */
    public String reason(String relativePath) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matcher(relativePath).matches()) {
                return globs.get(i);
            }
        }
        return null;
    }

    static Pattern compile(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new InvalidConfigurationException("Exclude patterns must not be empty");
        }
        String g = glob.startsWith("/") ? glob.substring(1) : glob;
        boolean dirAndBelow = g.endsWith("/**");
        if (dirAndBelow) {
            g = g.substring(0, g.length() - 3);
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < g.length()) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < g.length() && g.charAt(i + 2) == '/';
                re.append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 3 : 2;
                continue;
            }
            if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        if (dirAndBelow) {
            re.append("(?:/.*)?");
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
