package io.browserstate.faults;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for a condition on a shared machine: polled every 10 ms until it holds or the deadline passes. */
final class Poll {
    private Poll() {
    }

    /** Whether {@code condition} came to hold within {@code seconds}. */
    static boolean until(int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
