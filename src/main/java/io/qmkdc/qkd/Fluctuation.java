package io.qmkdc.qkd;

/**
 * How the decoy analysis turns an observed count into bounds on its expectation (finite-size
 * statistical fluctuation). Each bound assumes independent trials (pulses), as Ma et al. do; it is
 * not a bound against coherent attacks. What each costs at a 1e6-count, 1e9-pulse class: NONE 0,
 * GAUSSIAN(5.3) ≈ ±0.5 %, CHERNOFF(1e-10) ≈ ±0.7 %.
 */
public sealed interface Fluctuation {

    /** Lower bound on the expected count given {@code observed} successes out of {@code trials}. */
    double lower(double observed, double trials);

    /** Upper bound on the expected count given {@code observed} successes out of {@code trials}. */
    double upper(double observed, double trials);

    /** Asymptotic plug-in: the observed count is taken as its expectation. */
    record None() implements Fluctuation {
        public double lower(double observed, double trials) {
            return observed;
        }

        public double upper(double observed, double trials) {
            return observed;
        }
    }

    /**
     * Standard-deviation bound, x ± u_α √x (Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), sec. V:
     * Q(1 ± u_α/√(N Q))); u_α = 5.3 gives ≈ 1e-7 one-sided failure for a Gaussian.
     */
    record Gaussian(double standardDeviations) implements Fluctuation {
        public Gaussian {
            if (!(standardDeviations >= 0)) {
                throw new IllegalArgumentException("standardDeviations must be >= 0, was " + standardDeviations);
            }
        }

        public double lower(double observed, double trials) {
            return Math.max(0.0, observed - standardDeviations * Math.sqrt(observed));
        }

        public double upper(double observed, double trials) {
            return Math.min(trials, observed + standardDeviations * Math.sqrt(observed));
        }
    }

    /**
     * Multiplicative Chernoff bounds solved for the mean m with L = ln(1/ε):
     * P(X ≤ m − √(2mL)) ≤ ε gives m^U = x + L + √(L² + 2Lx);
     * P(X ≥ (1+δ)m) ≤ exp(−δ²m/(2+δ)) gives m^L = x − (√(L² + 8Lx) − L)/2
     * (Chernoff 1952; Mitzenmacher, Upfal, Probability and Computing, thm. 4.4/4.5).
     */
    record Chernoff(double epsilon) implements Fluctuation {
        public Chernoff {
            EstimationMath.requireProbability("epsilon", epsilon);
        }

        public double lower(double observed, double trials) {
            double l = Math.log(1 / epsilon);
            return Math.max(0.0, observed - (Math.sqrt(l * l + 8 * l * observed) - l) / 2);
        }

        public double upper(double observed, double trials) {
            double l = Math.log(1 / epsilon);
            return Math.min(trials, observed + l + Math.sqrt(l * l + 2 * l * observed));
        }
    }
}
