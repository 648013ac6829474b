package io.qmkdc.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Delivery latency by second of traffic (the second the message was sent, warm-up included): how
 * many deliveries, how many took over 50 ms (the relay target) and the slowest — where in
 * a run the tail comes from (fresh JVMs compiling, a kill, a re-key).
 */
public final class LatencyTimeline {
    /** One second of sends: deliveries, those over 50 ms, the slowest in ms. */
    public record Second(int second, long deliveries, long over50ms, double maxMs) {
    }

    private static final long SLOW_NANOS = 50_000_000L;
    private long[] count = new long[64];
    private long[] slow = new long[64];
    private long[] maxNanos = new long[64];

    /** A delivery of a message sent {@code sentOffsetMicros} after the first one, {@code latencyNanos} late. */
    public void add(long sentOffsetMicros, long latencyNanos) {
        int s = (int) Math.max(0, Math.min(100_000, sentOffsetMicros / 1_000_000));
        if (s >= count.length) {
            int cap = Math.max(s + 1, count.length * 2);
            count = java.util.Arrays.copyOf(count, cap);
            slow = java.util.Arrays.copyOf(slow, cap);
            maxNanos = java.util.Arrays.copyOf(maxNanos, cap);
        }
        count[s]++;
        if (latencyNanos > SLOW_NANOS) {
            slow[s]++;
        }
        maxNanos[s] = Math.max(maxNanos[s], latencyNanos);
    }

    public List<Second> seconds() {
        List<Second> out = new ArrayList<>();
        for (int s = 0; s < count.length; s++) {
            if (count[s] > 0) {
                out.add(new Second(s, count[s], slow[s], maxNanos[s] / 1e6));
            }
        }
        return out;
    }
}
