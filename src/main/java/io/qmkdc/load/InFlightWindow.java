package io.qmkdc.load;

/**
 * Backpressure for the load driver (issue 16): at most {@code limit} messages submitted and not yet
 * completed (acknowledged by every recipient). A sender that runs ahead of what the cluster finishes
 * waits instead of piling up messages that time out and are re-sent; the rate it achieves follows the
 * acknowledgements and is what the report states. Counts are passed in, so it is testable without actors.
 */
public final class InFlightWindow {
    private final int limit;

    /** @param limit messages in flight at most, >= 1 */
    public InFlightWindow(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        this.limit = limit;
    }

    /** The window for {@code rate} messages/s: two seconds of traffic, at least 50. */
    public static InFlightWindow forRate(double rate) {
        return new InFlightWindow((int) Math.max(50, Math.min(Integer.MAX_VALUE / 2.0, 2 * rate)));
    }

    public int limit() {
        return limit;
    }

    /** How many of {@code wanted} sends may go now, with {@code sent} submitted and {@code completed} of them done. */
    public int allow(int wanted, long sent, long completed) {
        long room = limit - (sent - completed);
        return (int) Math.max(0, Math.min(wanted, room));
    }
}
