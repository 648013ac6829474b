package io.qmkdc.load;

import java.util.Arrays;

/**
 * Latencies in microseconds, kept whole and sorted once for the percentiles (HdrHistogram is not
 * on the classpath as a library: Kamon shades its own modified copy).
 */
public final class LatencySample {
    /** Percentiles in milliseconds; NaN when empty. */
    public record Summary(long count, double p50, double p99, double max) {
    }

    private int[] micros = new int[1 << 16];
    private int size;

    public void add(long nanos) {
        if (size == micros.length) {
            micros = Arrays.copyOf(micros, micros.length * 2);
        }
        micros[size++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos / 1000));
    }

    public int size() {
        return size;
    }

    /** Nearest-rank percentiles (sorts the sample). */
    public Summary summary() {
        if (size == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
        }
        Arrays.sort(micros, 0, size);
        return new Summary(size, rank(0.50), rank(0.99), micros[size - 1] / 1000.0);
    }

    private double rank(double q) {
        int i = (int) Math.ceil(q * size) - 1;
        return micros[Math.max(0, Math.min(size - 1, i))] / 1000.0;
    }
}
