package io.qmkdc.qkd;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Per-detection columns (bytes) that arrive in frames and are consumed in order, a prefix at a
 * time: what one end of a round holds until the other end's announcement of the same detections
 * lets it sift them. Consumed frames are dropped (zeroed when copied from), so memory follows the
 * backlog only.
 */
final class ColumnQueue {
    private final int columns;
    private final ArrayDeque<byte[][]> frames = new ArrayDeque<>();
    private int head;
    private long available;
    private long total;

    ColumnQueue(int columns) {
        this.columns = columns;
    }

    /** Appends one frame; all columns have the same length. */
    void add(byte[]... frame) {
        if (frame.length != columns) {
            throw new IllegalArgumentException("need " + columns + " columns, had " + frame.length);
        }
        for (byte[] c : frame) {
            if (c.length != frame[0].length) {
                throw new IllegalArgumentException("columns of one frame differ in length");
            }
        }
        if (frame[0].length > 0) {
            frames.add(frame);
        }
        available += frame[0].length;
        total += frame[0].length;
    }

    long available() {
        return available;
    }

    /** Detections ever added. */
    long total() {
        return total;
    }

    /**
     * The next {@code n} detections (n ≤ available), column by column. The caller owns the arrays
     * (a whole frame is handed over without a copy) and zeroes the secret ones when done.
     */
    byte[][] take(int n) {
        if (n < 0 || n > available) {
            throw new IllegalArgumentException("take " + n + " of " + available);
        }
        if (head == 0 && n > 0 && frames.peek()[0].length == n) {
            available -= n;
            return frames.poll();
        }
        byte[][] out = new byte[columns][n];
        int at = 0;
        while (at < n) {
            byte[][] f = frames.peek();
            int len = Math.min(f[0].length - head, n - at);
            for (int c = 0; c < columns; c++) {
                System.arraycopy(f[c], head, out[c], at, len);
            }
            at += len;
            head += len;
            if (head == f[0].length) {
                for (byte[] c : frames.poll()) {
                    Arrays.fill(c, (byte) 0);
                }
                head = 0;
            }
        }
        available -= n;
        return out;
    }

    void wipe() {
        for (byte[][] f : frames) {
            for (byte[] c : f) {
                Arrays.fill(c, (byte) 0);
            }
        }
        frames.clear();
        available = 0;
    }
}
