package io.qmkdc.optics;

/**
 * Photon-number distribution of a phase-randomised weak coherent pulse, P(n) = e^{-μ} μ^n / n!
 * (Lo, Ma, Chen, PRL 94, 230504 (2005), eq. 1), truncated where the remaining tail is below
 * {@link #TAIL} and renormalised, so tables built from it sum to exactly one class probability.
 */
final class PoissonSource {

    /** Truncation: the dropped tail P(N > nMax) is below this (absolute, i.e. relative to the class). */
    static final double TAIL = 1e-15;

    private PoissonSource() {
    }

    /** P(0..nMax) for intensity {@code mu}, truncated at the first nMax whose tail bound is below {@link #TAIL}. */
    static double[] truncatedPmf(double mu) {
        if (!(mu >= 0 && mu <= 50)) {
            throw new IllegalArgumentException("mean photon number must be in [0, 50], got " + mu);
        }
        if (mu == 0) {
            return new double[] {1.0};
        }
        double[] pmf = new double[256];
        double p = Math.exp(-mu);
        int n = 0;
        double sum = 0;
        while (true) {
            pmf[n] = p;
            sum += p;
            // Tail after n is at most p·ρ/(1−ρ) with ρ = μ/(n+2) once n+2 > μ (geometric bound on the ratio).
            double rho = mu / (n + 2);
            if (n + 1 > mu && rho < 1 && p * (mu / (n + 1)) / (1 - rho) < TAIL) {
                break;
            }
            n++;
            p *= mu / n;
        }
        double[] out = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            out[i] = pmf[i] / sum;
        }
        return out;
    }
}
