package io.qmkdc.optics;

import java.util.random.RandomGenerator;

/**
 * Exact Binomial(n, p) variates for n up to ~1e15 in O(1) expected time: for np &lt; 10 inversion by
 * summing geometric waiting times (Devroye, Non-Uniform Random Variate Generation (1986), §X.4.3);
 * otherwise Hörmann's BTRS transformed rejection with squeeze (Hörmann, J. Statist. Comput. Simul.
 * 46, 101 (1993)), the variant used by TensorFlow. Both are exact up to double rounding (at
 * n = 1e11 the acceptance test carries ~1e-6 relative rounding, far below any statistic we form).
 */
public final class BinomialSampler {

    private BinomialSampler() {
    }

    public static long sample(long n, double p, RandomGenerator rng) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        if (n == 0 || p == 0) {
            return 0;
        }
        if (p == 1) {
            return n;
        }
        if (p > 0.5) {
            return n - sample(n, 1 - p, rng);
        }
        return n * p < 10 ? inversion(n, p, rng) : btrs(n, p, rng);
    }

    private static long inversion(long n, double p, RandomGenerator rng) {
        double logQ = Math.log1p(-p);
        double position = 0;
        long successes = -1;
        while (position <= n) {
            position += Math.ceil(Math.log(1 - rng.nextDouble()) / logQ);
            successes++;
        }
        return successes;
    }

    private static long btrs(long count, double p, RandomGenerator rng) {
        double n = count;
        double spq = Math.sqrt(n * p * (1 - p));
        double b = 1.15 + 2.53 * spq;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double vr = 0.92 - 4.2 / b;
        double r = p / (1 - p);
        double alpha = (2.83 + 5.1 / b) * spq;
        double m = Math.floor((n + 1) * p);
        double logM = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + c);
            if (k < 0 || k > n) {
                continue;
            }
            if (us >= 0.07 && v <= vr) {
                return (long) k;
            }
            double lv = Math.log(v * alpha / (a / (us * us) + b));
            double bound = logM
                    + (n + 1) * Math.log1p((k - m) / (n - k + 1))
                    + (k + 0.5) * Math.log(r * (n - k + 1) / (k + 1))
                    - stirlingTail(k) - stirlingTail(n - k);
            if (lv <= bound) {
                return (long) k;
            }
        }
    }

    private static final double[] TAIL = {
        0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
        0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
        0.00925546218271273, 0.00833056343336287};

    /** log k! − [(k + ½) log(k + 1) − (k + 1) + ½ log 2π], the Stirling remainder. */
    private static double stirlingTail(double k) {
        if (k <= 9) {
            return TAIL[(int) k];
        }
        double kp1sq = (k + 1) * (k + 1);
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1);
    }
}
