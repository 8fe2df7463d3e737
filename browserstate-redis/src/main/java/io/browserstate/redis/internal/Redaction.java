package io.browserstate.redis.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/** Removes a connection's secrets from text that is about to go into a message or a log. */
public final class Redaction {

    private static final String MASK = "****";
    private final Set<String> secrets;

    private Redaction(Set<String> secrets) {
        this.secrets = Set.copyOf(secrets);
    }

    /** Secrets of a raw authority such as {@code user:pass@host,host2}: the password, raw and decoded. */
    public static Redaction forUserInfo(String rawAuthority) {
        Set<String> secrets = new LinkedHashSet<>();
        if (rawAuthority != null) {
            int at = rawAuthority.lastIndexOf('@');
            if (at >= 0) {
                String info = rawAuthority.substring(0, at);
                int colon = info.indexOf(':');
                String password = colon >= 0 ? info.substring(colon + 1) : info;
                if (!password.isEmpty()) {
                    secrets.add(password);
                    try {
                        secrets.add(URLDecoder.decode(password, StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException malformed) {
                        // the raw form is masked anyway
                    }
                }
            }
        }
        secrets.removeIf(s -> s.isEmpty());
        return new Redaction(secrets);
    }

    /** {@code text} with every secret replaced by {@code ****}; {@code null} stays {@code null}. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
