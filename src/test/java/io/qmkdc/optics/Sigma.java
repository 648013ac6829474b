package io.qmkdc.optics;

import static org.junit.Assert.assertTrue;

import java.util.random.RandomGenerator;

/** Test helpers: k·σ comparisons and profiles with chosen imperfections. */
final class Sigma {

    /** Tolerance of every statistical assertion: 4σ, a false alarm probability ~6e-5 per check. */
    static final double K = 4.0;

    private Sigma() {
    }

    /** successes/trials against probability p: the count is Binomial(trials, p), σ = √(p(1−p)/trials). */
    static void assertProportion(String what, long successes, long trials, double p) {
        double observed = (double) successes / trials;
        double sigma = Math.sqrt(p * (1 - p) / trials);
        assertTrue(what + ": observed " + observed + ", expected " + p + " ± " + K + "·" + sigma,
                Math.abs(observed - p) <= K * sigma);
    }

    /** Two independent proportions with the same mean: σ² = p̂(1−p̂)(1/n1 + 1/n2) with the pooled p̂. */
    static void assertSameProportion(String what, long s1, long n1, long s2, long n2) {
        double pooled = (double) (s1 + s2) / (n1 + n2);
        double sigma = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        double diff = (double) s1 / n1 - (double) s2 / n2;
        assertTrue(what + ": difference " + diff + " > " + K + "·" + sigma, Math.abs(diff) <= K * sigma);
    }

    /** GYS with another dark-count probability Y0 and misalignment e_d. */
    static LinkProfile gysWith(double y0, double misalignment) {
        LinkProfile g = LinkProfile.gys();
        return new LinkProfile(g.name(), g.fiberLossDbPerKm(), g.detectorEfficiency(), y0, misalignment,
                g.errorCorrectionEfficiency(), g.basisSiftingFactor(), g.wavelengthNm(), g.repetitionRateHz(),
                g.signalMu(), g.decoyNu(), g.signalProbability(), g.decoyProbability(), g.qberThreshold());
    }

    /** Emulates {@code pulses} pulses and tallies them. */
    static LinkTally run(LinkProfile profile, double km, EavesdropperStrategy eve, long pulses, long seed) {
        LinkEmulator link = new LinkEmulator(profile, km, eve, new java.util.SplittableRandom(seed));
        LinkTally tally = new LinkTally();
        link.emulate(pulses, tally::add);
        return tally;
    }

    /** Counts 64-bit draws (every other draw of RandomGenerator is built on nextLong). */
    static final class CountingRandom implements RandomGenerator {
        private final RandomGenerator inner;
        long draws;

        CountingRandom(RandomGenerator inner) {
            this.inner = inner;
        }

        @Override
        public long nextLong() {
            draws++;
            return inner.nextLong();
        }
    }
}
