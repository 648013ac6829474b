package io.qmkdc.qkd;

import io.qmkdc.optics.LinkProfile;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Finite-size QBER estimation on the sifted signal key (DESIGN §4 step 2; paper eq. 4): Alice and
 * Bob disclose a uniformly random sample of k of the N sifted bits, count the errors, and bound the
 * error rate of the n = N − k bits they keep with failure probability ε_PE. They abort when the
 * upper bound reaches P_o or when too few bits remain.
 */
public final class ParameterEstimation {

    /** Tail bound for the error rate of the unsampled bits given the sample's (sampling without replacement). */
    public enum SamplingBound {
        /** Serfling, Ann. Statist. 2, 39 (1974), cor. 1.1; valid for any observed rate, including 0. */
        SERFLING,
        /** Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), γ of eq. (2)/app. B; Serfling when e_obs ∈ {0, 1}. */
        LIM2014
    }

    /**
     * @param sampleFraction fraction of the sifted signal bits disclosed, in (0, 1)
     * @param maxSample      cap on the sample size k
     * @param minSample      fewer sample bits than this aborts
     * @param minRemaining   fewer kept bits than this aborts
     * @param epsilon        ε_PE, failure probability of the upper bound
     * @param qberThreshold  P_o; abort when the upper bound is ≥ P_o
     * @param bound          which tail bound
     */
    public record Config(double sampleFraction, int maxSample, int minSample, int minRemaining, double epsilon,
            double qberThreshold, SamplingBound bound) {
        public Config {
            EstimationMath.requireProbability("sampleFraction", sampleFraction);
            EstimationMath.requireProbability("epsilon", epsilon);
            EstimationMath.requireProbability("qberThreshold", qberThreshold);
            if (maxSample < 1 || minSample < 1 || minSample > maxSample) {
                throw new IllegalArgumentException("need 1 <= minSample <= maxSample, had " + minSample + ", " + maxSample);
            }
            if (minRemaining < 1) {
                throw new IllegalArgumentException("minRemaining must be >= 1, was " + minRemaining);
            }
        }

        /** 10 % sample capped at 2^20 bits, ≥ 100 sampled and ≥ 1000 kept, ε_PE = 1e-10, Serfling, P_o of the profile. */
        public static Config defaults(LinkProfile profile) {
            return new Config(0.1, 1 << 20, 100, 1000, 1e-10, profile.qberThreshold(), SamplingBound.SERFLING);
        }

        public Config withSampleFraction(double f) {
            return new Config(f, maxSample, minSample, minRemaining, epsilon, qberThreshold, bound);
        }

        public Config withBound(SamplingBound b) {
            return new Config(sampleFraction, maxSample, minSample, minRemaining, epsilon, qberThreshold, b);
        }

        public Config withEpsilon(double e) {
            return new Config(sampleFraction, maxSample, minSample, minRemaining, e, qberThreshold, bound);
        }
    }

    /** Outcome of the estimation: the caller must handle both. */
    public sealed interface Outcome {
        int sampleSize();

        int sampleErrors();

        double qber();

        double qberUpper();
    }

    /** Passed: {@code alice}/{@code bob} are the kept (unsampled) bits, in order, for error correction. */
    public record Accepted(BitVector alice, BitVector bob, int sampleSize, int sampleErrors, double qber,
            double qberUpper, double epsilon) implements Outcome {
    }

    /** Aborted: why, and the measured values (NaN when nothing was sampled). */
    public record Aborted(String reason, int sampleSize, int sampleErrors, double qber, double qberUpper)
            implements Outcome {
    }

    private final Config config;

    public ParameterEstimation(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** Sample size used for {@code sifted} bits: ⌈fraction·N⌉ capped by maxSample and by N − minRemaining. */
    public int sampleSize(int sifted) {
        long k = (long) Math.ceil(config.sampleFraction() * sifted);
        return (int) Math.max(0, Math.min(Math.min(k, config.maxSample()), (long) sifted - config.minRemaining()));
    }

    /** Discloses a random sample of the signal sifted key and decides (paper eq. 4). */
    public Outcome estimate(BitVector alice, BitVector bob, RandomGenerator random) {
        if (alice.length() != bob.length()) {
            throw new IllegalArgumentException("alice and bob lengths differ: " + alice.length() + " vs " + bob.length());
        }
        int total = alice.length();
        int k = sampleSize(total);
        Optional<Aborted> tooFew = tooFew(total);
        if (tooFew.isPresent()) {
            return tooFew.get();
        }
        BitVector mask = sampleMask(total, k, random);
        long[] a = alice.words();
        long[] b = bob.words();
        long[] m = mask.words();
        int errors = 0;
        for (int w = 0; w < m.length; w++) {
            errors += Long.bitCount((a[w] ^ b[w]) & m[w]);
        }
        int n = total - k;
        Optional<Aborted> high = exceeds(errors, k, n);
        if (high.isPresent()) {
            return high.get();
        }
        double qber = (double) errors / k;
        double upper = upperBound(errors, k, n, config.epsilon(), config.bound());
        return new Accepted(keep(alice, mask, n), keep(bob, mask, n), k, errors, qber, upper, config.epsilon());
    }

    /** The abort when {@code sifted} bits give a sample below minSample (nothing is drawn then). */
    public Optional<Aborted> tooFew(int sifted) {
        int k = sampleSize(sifted);
        if (k >= config.minSample()) {
            return Optional.empty();
        }
        return Optional.of(new Aborted("too few sifted bits: " + sifted + " give a sample of " + k + " < "
                + config.minSample(), k, 0, Double.NaN, Double.NaN));
    }

    /** Paper eq. 4's rule: the abort when {@code errors} in a sample of k bound the n kept bits' rate at ≥ P_o. */
    public Optional<Aborted> exceeds(int errors, int k, int n) {
        double qber = (double) errors / k;
        double upper = upperBound(errors, k, n, config.epsilon(), config.bound());
        if (upper < config.qberThreshold()) {
            return Optional.empty();
        }
        return Optional.of(new Aborted(String.format("QBER upper bound %.4f >= threshold %.4f (observed %.4f)",
                upper, config.qberThreshold(), qber), k, errors, qber, upper));
    }

    /**
     * Upper bound on the error rate of the n unsampled bits, given {@code errors} in a uniform sample
     * of k, failing with probability ≤ ε (see {@link SamplingBound}). Clamped to 1.
     */
    public static double upperBound(int errors, int k, int n, double epsilon, SamplingBound bound) {
        if (k < 1 || n < 1 || errors < 0 || errors > k) {
            throw new IllegalArgumentException("need k >= 1, n >= 1, 0 <= errors <= k; had " + errors + ", " + k + ", " + n);
        }
        EstimationMath.requireProbability("epsilon", epsilon);
        double e = (double) errors / k;
        double delta = bound == SamplingBound.LIM2014 && errors > 0 && errors < k
                ? limGamma(epsilon, e, n, k)
                : serflingDelta(epsilon, n, k);
        return Math.min(1.0, e + delta);
    }

    /**
     * Serfling 1974 cor. 1.1 with population N = n + k, sample k, 1 − f* = (n+1)/(n+k); the unsampled
     * rate exceeds the sampled by δ only if the population mean exceeds it by nδ/(n+k), so
     * δ = √((n+k)(n+1) ln(1/ε) / (2 k n²)).
     */
    static double serflingDelta(double epsilon, double n, double k) {
        return Math.sqrt((n + k) * (n + 1) * Math.log(1 / epsilon) / (2 * k * n * n));
    }

    /**
     * Lim et al. PRA 89, 022307 (2014) eq. (2): γ(a, b, c, d) = √((c+d)(1−b)b/(c d ln2) · log2((c+d)/(c d (1−b) b) · 21²/a²)),
     * with c = n kept, d = k sampled, b = observed rate and a/21 = ε the failure probability of this step.
     */
    static double limGamma(double epsilon, double b, double n, double k) {
        double logArg = (n + k) / (n * k * (1 - b) * b * epsilon * epsilon);
        if (logArg <= 1) {
            return 0.0;
        }
        return Math.sqrt((n + k) * (1 - b) * b / (n * k * Math.log(2)) * (Math.log(logArg) / Math.log(2)));
    }

    /** Exactly k of n positions, uniformly (Knuth TAOCP vol. 2, Algorithm 3.4.2 S, selection sampling). */
    public static BitVector sampleMask(int n, int k, RandomGenerator random) {
        BitVector mask = new BitVector(n);
        long[] w = mask.words();
        int needed = k;
        for (int i = 0; i < n && needed > 0; i++) {
            if (random.nextInt(n - i) < needed) {
                w[i >>> 6] |= 1L << i;
                needed--;
            }
        }
        return mask;
    }

    /** The bits of {@code bits} at the positions set in {@code mask}, in order (the disclosed sample). */
    static BitVector sampled(BitVector bits, BitVector mask) {
        BitVector out = new BitVector(mask.cardinality());
        long[] src = bits.words();
        long[] m = mask.words();
        long[] dst = out.words();
        int j = 0;
        // Only the set bits of the (sparse) mask are visited; the tail beyond the length is clear.
        for (int w = 0; w < Math.min(src.length, m.length); w++) {
            for (long take = m[w]; take != 0; take &= take - 1) {
                dst[j >>> 6] |= (src[w] >>> Long.numberOfTrailingZeros(take) & 1L) << j;
                j++;
            }
        }
        return out;
    }

    /** The bits of {@code bits} where {@code mask} is clear, in order: the n kept bits. */
    static BitVector keep(BitVector bits, BitVector mask, int n) {
        BitVector out = new BitVector(n);
        long[] src = bits.words();
        long[] m = mask.words();
        long[] dst = out.words();
        int length = bits.length();
        int j = 0;
        // Word by word: the sampled positions (a few per word) are squeezed out of the word, highest
        // first so that the lower positions stay put, and the rest is appended at bit j.
        for (int w = 0; w < src.length; w++) {
            int valid = w == src.length - 1 && (length & 63) != 0 ? length & 63 : 64;
            long x = src[w];
            long drop = m[w];
            if (valid < 64) {
                drop &= -1L >>> (64 - valid);
            }
            int kept = valid - Long.bitCount(drop);
            while (drop != 0) {
                int bit = 63 - Long.numberOfLeadingZeros(drop);
                drop &= ~(1L << bit);
                long low = x & ((1L << bit) - 1);
                x = low | (x >>> bit >>> 1 << bit);
            }
            if (kept < 64) {
                x &= (1L << kept) - 1;
            }
            append(dst, j, x, kept);
            j += kept;
        }
        return out;
    }

    /** ORs the low {@code count} bits of {@code x} (the rest clear) into {@code dst} at bit {@code at}. */
    private static void append(long[] dst, int at, long x, int count) {
        if (count == 0) {
            return;
        }
        int w = at >>> 6;
        int shift = at & 63;
        dst[w] |= x << shift;
        if (shift != 0 && shift + count > 64) {
            dst[w + 1] |= x >>> (64 - shift);
        }
    }
}
