package io.browserstate.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one way secrets are removed from text before it goes into a message, a log or a
 * {@code toString}: the password of a URI's user information (raw and percent-decoded) and any
 * {@code password=} query parameter, each replaced by {@value #MASK}. Used by the engine, every provider
 * and the legacy reader.
 *
 * @since 0.2
 */
public final class Redaction {
    /** What a secret is replaced with. */
    public static final String MASK = "***";

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^@/?#]*)@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)([^&#]*)");

    private final Set<String> secrets;

    private Redaction(Set<String> secrets) {
        this.secrets = Set.copyOf(secrets);
    }

    /**
     * The secrets of a raw URI: its user information's password and its {@code password=} parameters.
     *
     * @param rawUri the URI as given, not decoded; may be {@code null}
     * @return a redaction that masks those secrets, raw and percent-decoded
     */
    public static Redaction of(@Nullable String rawUri) {
        Set<String> secrets = new LinkedHashSet<>();
        if (rawUri != null) {
            Matcher m = USER_INFO.matcher(rawUri);
            if (m.find()) {
                addPassword(secrets, m.group(2));
            }
            Matcher p = PASSWORD_PARAMETER.matcher(rawUri);
            while (p.find()) {
                addDecoded(secrets, p.group(2));
            }
        }
        return new Redaction(secrets);
    }

    /**
     * The secrets of a raw authority such as {@code user:pass@host1,host2}: the password.
     *
     * @param rawAuthority the authority as given, not decoded; may be {@code null}
     * @return a redaction that masks the password, raw and percent-decoded
     */
    public static Redaction forUserInfo(@Nullable String rawAuthority) {
        Set<String> secrets = new LinkedHashSet<>();
        if (rawAuthority != null) {
            int at = rawAuthority.lastIndexOf('@');
            if (at >= 0) {
                addPassword(secrets, rawAuthority.substring(0, at));
            }
        }
        return new Redaction(secrets);
    }

    /**
     * {@code uri} with its password and {@code password=} parameters masked.
     *
     * @param uri the URI text
     * @return the masked text
     */
    public static String uri(String uri) {
        String s = uri;
        Matcher m = USER_INFO.matcher(s);
        if (m.find()) {
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            String safe = colon >= 0 ? userInfo.substring(0, colon) + ":" + MASK : MASK;
            s = m.group(1) + safe + "@" + s.substring(m.end());
        }
        return PASSWORD_PARAMETER.matcher(s).replaceAll("$1" + MASK);
    }

    /**
     * {@code text} with every secret replaced by {@value #MASK}; {@code null} stays {@code null}.
     *
     * @param text the text to clean; may be {@code null}
     * @return the text with every secret masked
     */
    public @Nullable String apply(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    private static void addPassword(Set<String> into, String userInfo) {
        int colon = userInfo.indexOf(':');
        addDecoded(into, colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
    }

    private static void addDecoded(Set<String> into, String raw) {
        if (raw.isEmpty()) {
            return;
        }
        into.add(raw);
        try {
            String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            if (!decoded.isEmpty()) {
                into.add(decoded);
            }
        } catch (IllegalArgumentException malformed) {
            // the raw form is masked anyway
        }
    }
}
