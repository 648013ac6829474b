package io.qmkdc.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Polls an asynchronous system until a condition holds, with a hard deadline: the one place tests
 * wait for state they can only ask about (no event to expect on a probe). Fails with the last value.
 */
public final class Eventually {
    /** One look at the system; may fail with a checked exception (an HTTP call, say), which fails the test. */
    @FunctionalInterface
    public interface Poll<T> {
        T get() throws Exception;
    }

    private Eventually() {
    }

    public static <T> T await(Duration max, Duration interval, Poll<T> poll, Predicate<T> ok, String what) {
        long deadline = System.nanoTime() + max.toNanos();
        T last;
        do {
            try {
                last = poll.get();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("polling for " + what + " failed: " + e, e);
            }
            if (ok.test(last)) {
                return last;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + " not reached within " + max + "; last: " + last);
    }
}
