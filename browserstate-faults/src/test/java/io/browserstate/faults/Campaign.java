package io.browserstate.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A campaign's size and its counts. Every campaign has a CI size; {@code -Dfaults.scale=N} multiplies it
 * (e.g. {@code mvn -pl browserstate-faults verify -Dfaults.scale=5}). The counts are printed as one line
 * per campaign, {@code [faults] name: count, count, ...}, for the closing notes and the CI log.
 */
final class Campaign {
    private final String name;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Integer> order = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();

    Campaign(String name) {
        this.name = name;
    }

    /** The CI size times {@code faults.scale}. */
    static int size(int ciSize) {
        double scale = Double.parseDouble(System.getProperty("faults.scale", "1"));
        return Math.max(1, (int) Math.round(ciSize * scale));
    }

    /** Adds one to {@code what}. */
    void count(String what) {
        add(what, 1);
    }

    /** Adds {@code n} to {@code what}. */
    void add(String what, long n) {
        order.putIfAbsent(what, order.size());
        counts.computeIfAbsent(what, k -> new AtomicLong()).addAndGet(n);
    }

    /** The count of {@code what} so far. */
    long get(String what) {
        AtomicLong n = counts.get(what);
        return n == null ? 0 : n.get();
    }

    /** Prints the counts in the order they first appeared, and the campaign's time. */
    String report() {
        Map<Integer, String> byOrder = new TreeMap<>();
        order.forEach((what, i) -> byOrder.put(i, get(what) + " " + what));
        String line = "[faults] " + name + ": " + String.join(", ", byOrder.values()) + " (" + (System.nanoTime() - started) / 1_000_000_000
                + " s)";
        System.out.println(line);
        return line;
    }
}
