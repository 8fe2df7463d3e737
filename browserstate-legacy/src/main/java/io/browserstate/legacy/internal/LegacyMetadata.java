package io.browserstate.legacy.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The informational {@code :metadata} value of a legacy session. Never needed to restore; an absent or
 * unparsable value is not an error.
 *
 * @param raw the stored text
 * @param timestamp the upload time it records ({@code timestamp} in ms, or the seed's {@code updatedAt}), or {@code null}
 * @param writer which writer's conventions it follows ({@code ts-zip-v2}, {@code py-zip-v2}, {@code seed-json-v1}), or {@code null}
 */
public record LegacyMetadata(String raw, Instant timestamp, String writer) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a metadata value leniently. */
    public static LegacyMetadata parse(String raw) {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return new LegacyMetadata(raw, null, null);
        }
        if (node == null || !node.isObject()) {
            return new LegacyMetadata(raw, null, null);
        }
        Instant timestamp = null;
        JsonNode ts = node.get("timestamp");
        if (ts != null && ts.isNumber()) {
            double ms = ts.asDouble();
            if (ms >= 0 && ms < 1e15) {
                long whole = (long) Math.floor(ms);
                timestamp = Instant.ofEpochMilli(whole).plusNanos((long) ((ms - whole) * 1_000_000));
            }
        }
        if (timestamp == null) {
            timestamp = parseInstant(node.get("updatedAt"));
        }
        String writer = null;
        if (node.has("version")) {
            writer = node.has("fileCount") ? "ts-zip-v2" : "py-zip-v2";
        } else if (node.has("updatedAt")) {
            writer = "seed-json-v1";
        }
        return new LegacyMetadata(raw, timestamp, writer);
    }

    /** Parses an ISO-8601 instant, or returns {@code null}. */
    public static Instant parseInstant(JsonNode node) {
        return node != null && node.isTextual() ? parseInstant(node.asText()) : null;
    }

    /** Parses an ISO-8601 instant, or returns {@code null}. */
    public static Instant parseInstant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The compact metadata JSON the TypeScript writer stores ({@code fileCount} is always 0 there). */
    public static String tsJson(Instant timestamp) {
        return "{\"timestamp\":" + timestamp.toEpochMilli() + ",\"fileCount\":0,\"version\":\"2.0\",\"encrypted\":false}";
    }
}
