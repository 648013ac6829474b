package io.qmkdc.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls an asynchronous system until a condition holds, with a hard deadline: the one place tests
 * wait for state they can only ask about (no event to expect on a probe). Fails with the last value.
 */
public final class Eventually {
    private Eventually() {
    }

    public static <T> T await(Duration max, Duration interval, Supplier<T> poll, Predicate<T> ok, String what) {
        long deadline = System.nanoTime() + max.toNanos();
        T last;
        do {
            last = poll.get();
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
