package io.browserstate.core.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of option values shared by the engine and providers: durations, sizes, booleans, queries. */
public final class OptionValues {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private OptionValues() {
    }

    /** {@code PT2S}, {@code P7D}, or {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d}. */
    public static Duration duration(String value) {
        String v = value.trim();
        Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (use ISO-8601 like PT2S or P7D, or 500ms, 2s, 5m, 1h, 7d)");
        }
    }

    /** Bytes: {@code 5242880}, {@code 512KB}, {@code 5MB}, {@code 1GB} (binary multiples). */
    public static long size(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a size (use bytes, or 512KB, 5MB, 1GB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Math.multiplyExact(n, factor);
    }

    public static boolean bool(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not a boolean (true or false)");
        };
    }

    /** The query parameters of a URI, decoded, in order. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (uri.isOpaque()) {
            // memory:name?k=v is an opaque URI, which has no query of its own: the options would be dropped unseen
            String ssp = uri.getRawSchemeSpecificPart();
            int mark = ssp.indexOf('?');
            q = mark < 0 ? null : ssp.substring(mark + 1);
        }
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String part : q.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** {@code uri} with only the given query parameters kept. */
    public static URI withQuery(URI uri, Map<String, String> keep) {
        String raw = uri.toString();
        int q = raw.indexOf('?');
        if (q < 0) {
            return uri;
        }
        int hash = raw.indexOf('#', q);
        String base = raw.substring(0, q);
        String fragment = hash < 0 ? "" : raw.substring(hash);
        String rawQuery = hash < 0 ? raw.substring(q + 1) : raw.substring(q + 1, hash);
        StringBuilder sb = new StringBuilder();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            if (keep.containsKey(k)) {
                sb.append(sb.length() == 0 ? "" : "&").append(part);
            }
        }
        return URI.create(base + (sb.length() == 0 ? "" : "?" + sb) + fragment);
    }
}
