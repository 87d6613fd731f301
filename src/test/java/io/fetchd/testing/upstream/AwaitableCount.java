package io.fetchd.testing.upstream;

import java.time.Duration;

/**
 * A counter that test threads can wait on with a bounded timeout, with the highest value it has
 * ever held. Updated from an event loop, read and awaited from test threads. Any thread.
 */
final class AwaitableCount {

    private int value;
    private int highest;

    synchronized void increment() {
        value++;
        highest = Math.max(highest, value);
        notifyAll();
    }

    synchronized void decrement() {
        value--;
        notifyAll();
    }

    synchronized int get() {
        return value;
    }

    /** The highest value this count has held since it was created. */
    synchronized int highest() {
        return highest;
    }

    /** Waits until the count is at least {@code n}; false if {@code timeout} passed first. */
    synchronized boolean awaitAtLeast(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (value < n) {
            if (!waitUntil(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the count is at most {@code n}; false if {@code timeout} passed first. */
    synchronized boolean awaitAtMost(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (value > n) {
            if (!waitUntil(deadline)) {
                return false;
            }
        }
        return true;
    }

    private boolean waitUntil(long deadline) throws InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        long millis = Math.max(1, remaining / 1_000_000);
        wait(millis);
        return true;
    }
}
