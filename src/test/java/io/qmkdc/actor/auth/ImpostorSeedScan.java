package io.qmkdc.actor.auth;

import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * Hand-run diagnostic (not a test) of the impostor-seed anomaly: whether a 3-round PAPER-mode
 * impostor session of {@link AuthSessions} passes, computed without actors from the fixture's draw
 * order (the actors add no randomness: the actor runs give the same counts, 63 and 34 for seeds
 * 1000..1299), for the old single-stream fixture and the split-per-party one, over windows of 300
 * sessions with consecutive seeds or seeds from one stream.
 * <pre>java -cp target/test-classes:target/classes io.qmkdc.actor.auth.ImpostorSeedScan [sessions]</pre>
 * A round passes iff the outcome of measuring f in the KDC's basis b equals v: with the impostor's
 * basis b' = b the outcome is its v'; otherwise the KDC's measurement coin (u &lt; 1/2 gives 0).
 */
final class ImpostorSeedScan {
    private static final int ROUNDS = 3;
    private static final int WINDOW = 300;

    private ImpostorSeedScan() {
    }

    /** The fixture before: one stream; tokens, channel, K_c (64 words), impostor K_c (64 words), member, authenticator. */
    static boolean singleStream(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        r.nextLong();
        r.nextLong();
        long kc = firstOf64(r);
        long held = firstOf64(r);
        r.nextLong();
        return passes(kc, held, new SplittableRandom(r.nextLong()));
    }

    /** The fixture now: one split() stream per party, in the constructor's order. */
    static boolean splitStreams(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        root.split();
        root.split();
        long kc = root.split().nextLong();
        long held = root.split().nextLong();
        root.split();
        return passes(kc, held, new SplittableRandom(root.split().nextLong()));
    }

    private static long firstOf64(SplittableRandom r) {
        long first = r.nextLong();
        for (int i = 1; i < 64; i++) {
            r.nextLong();
        }
        return first;
    }

    /** Rounds use K_c bits (2i, 2i+1) = (b, v); the authenticator draws one coin to verify, one for the key update. */
    private static boolean passes(long kc, long held, SplittableRandom authenticator) {
        boolean pass = true;
        for (int i = 0; i < ROUNDS; i++) {
            int b = (int) (kc >>> 2 * i) & 1;
            int v = (int) (kc >>> 2 * i + 1) & 1;
            int heldB = (int) (held >>> 2 * i) & 1;
            int heldV = (int) (held >>> 2 * i + 1) & 1;
            double coin = authenticator.nextDouble(); // drawn by every measurement, deterministic or not
            authenticator.nextDouble(); // the key update's Z measurement of s
            int outcome = b == heldB ? heldV : coin < 0.5 ? 0 : 1;
            pass &= outcome == v;
        }
        return pass;
    }

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        long[] consecutive = new long[sessions];
        long[] oneStream = new long[sessions];
        SplittableRandom seeds = new SplittableRandom(21);
        for (int i = 0; i < sessions; i++) {
            consecutive[i] = i;
            oneStream[i] = seeds.nextLong();
        }
        System.out.printf("seeds 1000..1299: single stream %d, split %d passes (theory 37.5 +- 5.73)%n",
                count(ImpostorSeedScan::singleStream, 1000), count(ImpostorSeedScan::splitStreams, 1000));
        scan("single stream, seeds 0, 1, 2, ...", ImpostorSeedScan::singleStream, consecutive);
        scan("single stream, seeds from SR(21)", ImpostorSeedScan::singleStream, oneStream);
        scan("split streams, seeds 0, 1, 2, ...", ImpostorSeedScan::splitStreams, consecutive);
        scan("split streams, seeds from SR(21)", ImpostorSeedScan::splitStreams, oneStream);
    }

    private static int count(LongPredicate pass, long from) {
        int c = 0;
        for (int i = 0; i < WINDOW; i++) {
            c += pass.test(from + i) ? 1 : 0;
        }
        return c;
    }

    /** Windows of 300: mean and variance against Bin(300, 1/8), the largest, and lag-1 correlation of passes. */
    private static void scan(String name, LongPredicate pass, long[] seeds) {
        double p = Math.pow(0.5, ROUNDS);
        int windows = seeds.length / WINDOW;
        double sum = 0;
        double sum2 = 0;
        int max = 0;
        int beyond4 = 0;
        long both = 0;
        long passes = 0;
        boolean previous = false;
        for (int w = 0; w < windows; w++) {
            int c = 0;
            for (int i = 0; i < WINDOW; i++) {
                boolean x = pass.test(seeds[w * WINDOW + i]);
                c += x ? 1 : 0;
                both += x && previous ? 1 : 0;
                previous = x;
            }
            passes += c;
            sum += c;
            sum2 += (double) c * c;
            max = Math.max(max, c);
            beyond4 += Math.abs(c - WINDOW * p) > 4 * Math.sqrt(WINDOW * p * (1 - p)) ? 1 : 0;
        }
        double mean = sum / windows;
        double var = sum2 / windows - mean * mean;
        double rate = passes / (double) (windows * WINDOW);
        double lag1 = (both / (double) (windows * WINDOW - 1) - rate * rate) / (rate * (1 - rate));
        System.out.printf("%-36s %d windows: mean %.3f (%.1f), variance %.2f (%.2f +- %.2f), max %d, beyond 4 sigma %d,"
                        + " lag-1 correlation %.5f (+- %.5f)%n", name, windows, mean, WINDOW * p, var,
                WINDOW * p * (1 - p), WINDOW * p * (1 - p) * Math.sqrt(2.0 / windows), max, beyond4, lag1,
                1 / Math.sqrt(windows * WINDOW));
    }
}
