package io.browserstate.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@value RedisStorageProviderFactory#PASSWORD} option: a reference to a password, read once at open. */
final class RedisPasswords {
    private RedisPasswords() {
    }

    /**
     * The password {@code reference} points to; problems (never the password) go to {@code problems}.
     *
     * @return the password, or {@code null} with a problem added
     */
    static char @Nullable [] read(@Nullable String reference, Map<String, String> environment, List<String> problems) {
        String ref = reference == null ? "" : reference.strip();
        String value;
        if (ref.startsWith("env:") && ref.length() > 4) {
            String variable = ref.substring(4);
            value = environment.get(variable);
            if (value == null || value.isEmpty()) {
                problems.add("password=env:" + variable + " names an environment variable that is not set or empty; export " + variable
                        + " with the Redis password");
                return null;
            }
        } else if (ref.startsWith("file:") && ref.length() > 5) {
            Path file = Path.of(ref.substring(5));
            try {
                value = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                problems.add("password=file:" + file + " cannot be read (" + e.getClass().getSimpleName() + "); the file must hold the"
                        + " Redis password");
                return null;
            }
            value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            if (value.isEmpty()) {
                problems.add("password=file:" + file + " is empty; the file must hold the Redis password");
                return null;
            }
        } else {
            problems.add("password must be a reference, env:VARIABLE or file:/path, never the password itself (it would sit in"
                    + " configuration and logs); a password in the URI works too: redis://:PASSWORD@host:port");
            return null;
        }
        return value.toCharArray();
    }
}
