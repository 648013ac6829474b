package io.qmkdc.qkd;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two pieces of work side by side: the second on a shared daemon helper, the first on the
 * caller's thread. Pure computation only (no blocking, no I/O), so one small pool is enough.
 */
final class TwoThreads {
    private static final ExecutorService HELPER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "qkd-helper");
        t.setDaemon(true);
        return t;
    });

    private TwoThreads() {
    }

    /** Runs both; in parallel when {@code parallel}, else one after the other on the caller. */
    static void run(boolean parallel, Runnable first, Runnable second) {
        if (!parallel) {
            first.run();
            second.run();
            return;
        }
        Future<?> other = HELPER.submit(second);
        try {
            first.run();
        } finally {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the helper thread", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
