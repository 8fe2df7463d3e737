package io.browserstate.legacy;

import io.browserstate.api.SessionId;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What is known about a legacy session without downloading its value.
 *
 * @param id the session
 * @param key the Redis key holding the value
 * @param format the format recognised from the value's first bytes
 * @param valueBytes length of the stored value
 * @param ttl remaining time to live of the session key, or {@code null} when it never expires
 * @param metadataJson the {@code :metadata} value as stored, or {@code null} when there is none
 * @param timestamp the upload time the metadata records, or {@code null}
 * @param writer which original writer's metadata conventions it follows ({@code ts-zip-v2},
 *     {@code py-zip-v2}, {@code seed-json-v1}), or {@code null} when unknown
 * @since 0.1
 */
public record LegacySessionInfo(
        SessionId id,
        String key,
        LegacyFormat format,
        long valueBytes,
        Duration ttl,
        String metadataJson,
        Instant timestamp,
        String writer) {

    /**
     * The remaining time to live, when the key expires.
     *
     * @return the remaining time to live, or empty when the key never expires
     */
    public Optional<Duration> expiresIn() {
        return Optional.ofNullable(ttl);
    }

    /**
     * The metadata value, when present.
     *
     * @return the {@code :metadata} value as stored, or empty when there is none
     */
    public Optional<String> metadata() {
        return Optional.ofNullable(metadataJson);
    }
}
