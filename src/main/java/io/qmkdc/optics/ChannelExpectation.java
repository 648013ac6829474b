package io.qmkdc.optics;

import java.util.List;

/**
 * Exact expectations of the emulated link (model in {@link LinkEmulator}) for one profile,
 * distance and eavesdropper: what {@link LinkEmulator}'s detections estimate, for tests and for
 * the CLI's analytic columns. Gains and error rates are summed over the same hidden states the
 * emulator samples; for the honest channel they agree with the closed forms of
 * {@link DetectorModel} (Poisson tail truncated below 1e-15).
 */
public final class ChannelExpectation {

    private final LinkProfile profile;
    private final double distanceKm;
    private final EavesdropperStrategy strategy;
    private final ClickTable table;
    private final double pd;

    public ChannelExpectation(LinkProfile profile, double distanceKm, EavesdropperStrategy strategy) {
        this(profile, distanceKm, strategy, new ClickTable(profile, distanceKm, strategy));
    }

    ChannelExpectation(LinkProfile profile, double distanceKm, EavesdropperStrategy strategy, ClickTable table) {
        this.profile = profile;
        this.distanceKm = distanceKm;
        this.strategy = strategy;
        this.table = table;
        this.pd = DetectorModel.darkCountPerDetector(profile.darkCountProbability());
    }

    /** Probability that a pulse makes the receiver click, p = Σ_k P(k) Q_k. */
    public double clickProbability() {
        return table.clickProbability;
    }

    /** Gain Q_k: probability that a pulse of intensity class k (DetectionBatch.SIGNAL/DECOY/VACUUM) clicks, any bases. */
    public double gain(int intensityClass) {
        checkClass(intensityClass);
        double pk = table.classProbability[intensityClass];
        return pk == 0 ? Double.NaN : table.classClick[intensityClass] / pk;
    }

    /** Error rate E_k of class-k detections with matching bases (after squashing double clicks). */
    public double errorRate(int intensityClass) {
        checkClass(intensityClass);
        double clicks = 0;
        double errors = 0;
        for (int i = 0; i < table.code.length; i++) {
            int c = table.code[i];
            if (ClickTable.intensityOf(c) == intensityClass && ClickTable.basesMatch(c)) {
                clicks += table.weight[i];
                errors += errorWeight(c, table.weight[i]);
            }
        }
        return errors / clicks;
    }

    /** QBER of all sifted detections (all intensity classes together). */
    public double siftedErrorRate() {
        double clicks = 0;
        double errors = 0;
        for (int i = 0; i < table.code.length; i++) {
            if (ClickTable.basesMatch(table.code[i])) {
                clicks += table.weight[i];
                errors += errorWeight(table.code[i], table.weight[i]);
            }
        }
        return errors / clicks;
    }

    /** Fraction of detections whose bases match (1/2 in this model: basis choice is independent of clicking). */
    public double siftedFraction() {
        return sum(c -> ClickTable.basesMatch(c)) / table.clickProbability;
    }

    /** Fraction of detections that are double clicks. */
    public double doubleClickFraction() {
        return sum(c -> ClickTable.patternOf(c) == ClickTable.BOTH) / table.clickProbability;
    }

    /** P(class k | click). */
    public double intensityGivenClick(int intensityClass) {
        checkClass(intensityClass);
        return table.classClick[intensityClass] / table.clickProbability;
    }

    /** P(n photons emitted | click), over all classes. */
    public double photonNumberGivenClick(int n) {
        return sum(c -> ClickTable.photonsOf(c) == n) / table.clickProbability;
    }

    /** Fraction of sifted detections whose bit Eve knows. */
    public double eveKnowledgeGivenSifted() {
        double sifted = sum(c -> ClickTable.basesMatch(c));
        return sum(c -> ClickTable.basesMatch(c) && ClickTable.eveKnows(c)) / sifted;
    }

    /** Yield Y_n: probability that an n-photon pulse clicks, under this strategy. */
    public double yield(int n) {
        double y = 0;
        for (PhotonBranch b : branches(n)) {
            y += b.weight() * DetectorModel.clicks(b.photons(), b.transmittance(), b.rightIfBasesMatch(), pd).click();
        }
        return y;
    }

    /** Error rate e_n of n-photon pulses with matching bases, under this strategy. */
    public double photonErrorRate(int n) {
        double clicks = 0;
        double errors = 0;
        for (PhotonBranch b : branches(n)) {
            DetectorModel.Clicks c = DetectorModel.clicks(b.photons(), b.transmittance(), b.rightIfBasesMatch(), pd);
            clicks += b.weight() * c.click();
            errors += b.weight() * c.error();
        }
        return errors / clicks;
    }

    public LinkProfile profile() {
        return profile;
    }

    public double distanceKm() {
        return distanceKm;
    }

    public EavesdropperStrategy strategy() {
        return strategy;
    }

    private List<PhotonBranch> branches(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("photon number must be >= 0, got " + n);
        }
        return strategy.branches(n, profile, distanceKm);
    }

    private static double errorWeight(int code, double w) {
        int pattern = ClickTable.patternOf(code);
        return pattern == ClickTable.ONLY_WRONG ? w : pattern == ClickTable.BOTH ? 0.5 * w : 0.0;
    }

    private double sum(java.util.function.IntPredicate select) {
        double s = 0;
        for (int i = 0; i < table.code.length; i++) {
            if (select.test(table.code[i])) {
                s += table.weight[i];
            }
        }
        return s;
    }

    private static void checkClass(int k) {
        if (k < 0 || k > 2) {
            throw new IllegalArgumentException("intensityClass must be 0 (signal), 1 (decoy) or 2 (vacuum), got " + k);
        }
    }
}
