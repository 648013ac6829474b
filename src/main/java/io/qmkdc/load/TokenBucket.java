package io.qmkdc.load;

/**
 * Token-bucket pacing of the load: tokens accrue at {@code rate} per second up to {@code burst};
 * each send takes one. Time is passed in (nanoseconds), so the schedule is testable without clocks.
 */
public final class TokenBucket {
    private final double rate;
    private final double burst;
    private double tokens;
    private long last;

    /** @param rate tokens per second, > 0; @param burst bucket size, >= 1; starts empty at {@code startNanos} */
    public TokenBucket(double rate, double burst, long startNanos) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0, got " + rate);
        }
        if (!(burst >= 1)) {
            throw new IllegalArgumentException("burst must be >= 1, got " + burst);
        }
        this.rate = rate;
        this.burst = burst;
        this.last = startNanos;
    }

    /** Sends allowed now: the whole tokens accrued since the last call, taken from the bucket. */
    public int take(long nowNanos) {
        tokens = Math.min(burst, tokens + rate * (nowNanos - last) / 1e9);
        last = nowNanos;
        int n = (int) Math.floor(tokens);
        tokens -= n;
        return n;
    }
}
