package io.browserstate.redis.internal;

import java.util.Map;

/**
 * What a doctor reads of the server (the master, for Sentinel; the first master, for Cluster): the
 * settings that decide whether data can be lost ({@code CONFIG GET}; empty where {@code CONFIG} is
 * refused), {@code INFO everything}, and the round-trip times of some PINGs in nanoseconds.
 *
 * @param config setting name to value
 * @param info the server's INFO text
 * @param pingNanos round-trip time of each PING
 */
public record RedisDiagnosis(Map<String, String> config, String info, long[] pingNanos) {
}
