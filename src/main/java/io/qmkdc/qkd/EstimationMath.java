package io.qmkdc.qkd;

/** Small numeric helpers shared by the estimation classes (package-private). */
final class EstimationMath {
    private EstimationMath() {
    }

    /** Binary Shannon entropy h2(x) = −x log2 x − (1−x) log2(1−x); h2(x) = 1 for x ≥ 1/2 (worst case). */
    static double h2(double x) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 0.5) {
            return 1.0;
        }
        return (-x * Math.log(x) - (1 - x) * Math.log1p(-x)) / Math.log(2);
    }

    static double clamp01(double x) {
        return Math.max(0.0, Math.min(1.0, x));
    }

    static void requireProbability(String name, double p) {
        if (!(p > 0.0 && p < 1.0)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), was " + p);
        }
    }
}
