package io.qmkdc.qkd;

import io.qmkdc.optics.ChannelExpectation;
import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkEmulator;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.optics.LinkTally;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * One emulated QKD link end to end (DESIGN §4): detection-driven emulation, sifting, parameter
 * estimation with abort (paper eq. 4), vacuum + weak decoy bounds, Cascade and verification per
 * block, key length and Toeplitz privacy amplification — in one process, both parties computed
 * here. The actor system runs the same steps with the classical messages between actors.
 */
public final class LinkPipeline {

    /**
     * How to run one link.
     *
     * @param cascadeBlockBits       Cascade block length (bits)
     * @param privacyBlockBits       privacy amplification block length; longer keys are hashed in parts
     * @param estimation             QBER sampling and abort rule
     * @param fluctuation            statistical correction of the decoy gains
     * @param epsilonPrivacy         ε_PA of the leftover-hash term 2·log2(1/ε_PA)
     * @param keyLength              which bound sets the final key length
     */
    public record Settings(LinkProfile profile, double distanceKm, long pulses, EavesdropperStrategy eavesdropper,
            int cascadeBlockBits, int privacyBlockBits, ParameterEstimation.Config estimation,
            Fluctuation fluctuation, double epsilonPrivacy, KeyLengthMethod keyLength) {
        public Settings {
            if (!(distanceKm >= 0)) {
                throw new IllegalArgumentException("distanceKm must be >= 0, was " + distanceKm);
            }
            if (pulses < 1) {
                throw new IllegalArgumentException("pulses must be >= 1, was " + pulses);
            }
            if (privacyBlockBits < 1024) {
                throw new IllegalArgumentException("privacyBlockBits must be >= 1024, was " + privacyBlockBits);
            }
        }

        /**
         * Defaults: Cascade blocks of 2^20 bits, privacy amplification blocks of 2^24 bits, a 2 % QBER
         * sample capped at 2^18 bits (Serfling bound, ε 1e-10), decoy gains bounded at 5.3 standard
         * deviations (Ma et al. 2005 §V, ε ≈ 1e-7 per bound), ε_PA = 1e-10.
         */
        public static Settings defaults(LinkProfile profile, double distanceKm, long pulses, EavesdropperStrategy eve) {
            ParameterEstimation.Config pe = ParameterEstimation.Config.defaults(profile).withSampleFraction(0.02);
            pe = new ParameterEstimation.Config(pe.sampleFraction(), 1 << 18, pe.minSample(), pe.minRemaining(),
                    pe.epsilon(), pe.qberThreshold(), pe.bound());
            return new Settings(profile, distanceKm, pulses, eve, 1 << 20, 1 << 24, pe, new Fluctuation.Gaussian(5.3), 1e-10,
                    KeyLengthMethod.DECOY_GLLP);
        }

        public Settings withKeyLength(KeyLengthMethod method) {
            return new Settings(profile, distanceKm, pulses, eavesdropper, cascadeBlockBits, privacyBlockBits, estimation,
                    fluctuation, epsilonPrivacy, method);
        }

        public Settings withCascadeBlockBits(int bits) {
            return new Settings(profile, distanceKm, pulses, eavesdropper, bits, privacyBlockBits, estimation,
                    fluctuation, epsilonPrivacy, keyLength);
        }
    }

    /** How the final key length is bounded. */
    public enum KeyLengthMethod {
        /** GLLP with vacuum + weak decoy bounds on the signal key, statistical fluctuation of the gains. */
        DECOY_GLLP,
        /** Lim et al. 2014 finite key: Z-basis key of all intensities, X basis disclosed for the phase error. */
        FINITE_KEY_LIM2014
    }

    private final Settings settings;

    public LinkPipeline(Settings settings) {
        this.settings = settings;
    }

    /** Runs the link; {@code progress} receives the fraction of pulses emulated so far. */
    public LinkReport run(long seed, DoubleConsumer progress) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom physics = root.split();
        SplittableRandom protocol = root.split();
        LinkProfile profile = settings.profile();
        long start = System.nanoTime();

        LinkTally tally = new LinkTally();
        SiftedKeyAccumulator sifting = new SiftedKeyAccumulator();
        boolean lim = settings.keyLength() == KeyLengthMethod.FINITE_KEY_LIM2014;
        SiftedKeyAccumulator zBasis = new SiftedKeyAccumulator();
        SiftedKeyAccumulator xBasis = new SiftedKeyAccumulator();
        long[] siftingNanos = {0};
        long[] emulatedPulses = {0};
        LinkEmulator emulator = new LinkEmulator(profile, settings.distanceKm(), settings.eavesdropper(), physics);
        emulator.emulate(settings.pulses(), tapped -> {
            long t = System.nanoTime();
            tally.add(tapped);
            sifting.append(tapped.detections());
            if (lim) {
                zBasis.append(BasisSplit.keep(tapped.detections(), DetectionBatch.BASIS_Z));
                xBasis.append(BasisSplit.keep(tapped.detections(), DetectionBatch.BASIS_X));
            }
            siftingNanos[0] += System.nanoTime() - t;
            emulatedPulses[0] += tapped.detections().pulses();
            progress.accept(emulatedPulses[0] / (double) settings.pulses());
        });
        double emulation = seconds(System.nanoTime() - start) - seconds(siftingNanos[0]);
        SiftedKey sifted = sifting.snapshot();
        sifting.wipe();

        long t = System.nanoTime();
        ParameterEstimation.Outcome estimate = new ParameterEstimation(settings.estimation())
                .estimate(sifted.aliceKey(DetectionBatch.SIGNAL), sifted.bobKey(DetectionBatch.SIGNAL), protocol);
        DecoyAnalysis.Bounds bounds = DecoyAnalysis.vacuumWeak(profile.signalMu(), profile.decoyNu(),
                sifted.observation(), settings.fluctuation());
        double estimation = seconds(System.nanoTime() - t);

        Builder report = new Builder(settings, seed, tally, sifted, estimate, bounds);
        sifted.wipe();
        if (lim) {
            wipeKept(estimate);
            return finiteKey(report, zBasis, xBasis, protocol, start, emulation, seconds(siftingNanos[0]), estimation);
        }
        if (estimate instanceof ParameterEstimation.Aborted aborted) {
            return report.aborted(aborted.reason(), start, emulation, seconds(siftingNanos[0]), estimation);
        }
        ParameterEstimation.Accepted accepted = (ParameterEstimation.Accepted) estimate;
        if (!bounds.positive()) {
            accepted.alice().wipe();
            accepted.bob().wipe();
            return report.aborted("decoy analysis: single-photon yield lower bound Y1_L <= 0 "
                    + "(the decoy gains do not fit an honest channel: photon-number-splitting signature)",
                    start, emulation, seconds(siftingNanos[0]), estimation);
        }

        t = System.nanoTime();
        BlockReconciliation.Outcome reconciled = new BlockReconciliation(settings.cascadeBlockBits())
                .reconcile(accepted.alice(), accepted.bob(), accepted.qber(), protocol);
        accepted.alice().wipe();
        accepted.bob().wipe();
        double reconciliation = seconds(System.nanoTime() - t);

        t = System.nanoTime();
        KeyLength.Breakdown length = KeyLength.finite(reconciled.aliceKey().length(), bounds,
                reconciled.leakedEcBits(), reconciled.leakedVerificationBits(), settings.epsilonPrivacy());
        long finalBits = PrivacyAmplificationBlocks.amplify(reconciled.aliceKey(), reconciled.bobKey(),
                (int) length.length(), settings.privacyBlockBits(), protocol);
        reconciled.aliceKey().wipe();
        reconciled.bobKey().wipe();
        double privacy = seconds(System.nanoTime() - t);

        return report.completed(reconciled, length, finalBits, start,
                new LinkReport.Stages(emulation, seconds(siftingNanos[0]), estimation, reconciliation, privacy));
    }

    /** The Lim et al. 2014 path: reconcile the Z-basis key of all intensities, bound it, amplify it. */
    private LinkReport finiteKey(Builder report, SiftedKeyAccumulator zBasis, SiftedKeyAccumulator xBasis,
            SplittableRandom protocol, long start, double emulation, double sifting, double estimation) {
        SiftedKey z = zBasis.snapshot();
        SiftedKey x = xBasis.snapshot();
        zBasis.wipe();
        xBasis.wipe();
        FiniteKeyLink.Split split = FiniteKeyLink.split(z, x);
        z.wipe();
        x.wipe();
        double qber = split.phaseQber();
        if (!(qber < settings.profile().qberThreshold()) || split.aliceKey().length() < 1000) {
            split.aliceKey().wipe();
            split.bobKey().wipe();
            String reason = split.aliceKey().length() < 1000 ? "fewer than 1000 Z-basis bits"
                    : String.format(java.util.Locale.ROOT, "X-basis error rate %.4f >= threshold %.4f", qber,
                    settings.profile().qberThreshold());
            return report.finiteAborted(reason, qber, split, null, start,
                    new LinkReport.Stages(emulation, sifting, estimation, 0, 0));
        }
        long t = System.nanoTime();
        BlockReconciliation.Outcome reconciled = new BlockReconciliation(settings.cascadeBlockBits())
                .reconcile(split.aliceKey(), split.bobKey(), qber, protocol);
        split.aliceKey().wipe();
        split.bobKey().wipe();
        double reconciliation = seconds(System.nanoTime() - t);
        t = System.nanoTime();
        FiniteKeyAnalysis.Result bound = FiniteKeyLink.keyLength(settings.profile(), split,
                reconciled.leakedEcBits() + reconciled.leakedVerificationBits());
        // Discarded blocks shrink the key: keep the bound's share of what survived verification.
        long length = (long) Math.floor(bound.keyLength() * (double) reconciled.aliceKey().length()
                / Math.max(1, split.nZ().sum()));
        long finalBits = PrivacyAmplificationBlocks.amplify(reconciled.aliceKey(), reconciled.bobKey(),
                (int) Math.max(0, length), settings.privacyBlockBits(), protocol);
        reconciled.aliceKey().wipe();
        reconciled.bobKey().wipe();
        LinkReport.Stages stages = new LinkReport.Stages(emulation, sifting, estimation, reconciliation,
                seconds(System.nanoTime() - t));
        if (!bound.hasKey()) {
            return report.finiteAborted("finite-key bound: " + bound.outcome(), qber, split, bound, start, stages);
        }
        return report.finiteCompleted(reconciled, bound, finalBits, qber, split, start, stages);
    }

    private static void wipeKept(ParameterEstimation.Outcome estimate) {
        if (estimate instanceof ParameterEstimation.Accepted a) {
            a.alice().wipe();
            a.bob().wipe();
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Assembles the report and its analytic columns. */
    private record Builder(Settings s, long seed, LinkTally tally, SiftedKey sifted,
            ParameterEstimation.Outcome estimate, DecoyAnalysis.Bounds bounds) {

        LinkReport aborted(String reason, long start, double emulation, double siftingSeconds, double estimation) {
            return build(true, reason, null, 0, reason, sampled(), null, start,
                    new LinkReport.Stages(emulation, siftingSeconds, estimation, 0, 0));
        }

        LinkReport completed(BlockReconciliation.Outcome r, KeyLength.Breakdown length, long finalBits, long start,
                LinkReport.Stages stages) {
            return build(false, null, r, finalBits, length.reason(), sampled(), null, start, stages);
        }

        LinkReport finiteAborted(String reason, double qber, FiniteKeyLink.Split split, FiniteKeyAnalysis.Result bound,
                long start, LinkReport.Stages stages) {
            return build(true, reason, null, 0, reason, disclosedX(qber, split), finite(split, bound), start, stages);
        }

        LinkReport finiteCompleted(BlockReconciliation.Outcome r, FiniteKeyAnalysis.Result bound, long finalBits,
                double qber, FiniteKeyLink.Split split, long start, LinkReport.Stages stages) {
            return build(false, null, r, finalBits, "finite-key bound " + bound.outcome(), disclosedX(qber, split),
                    finite(split, bound), start, stages);
        }

        /** The QBER the protocol saw: the disclosed sample's estimate and upper bound. */
        private double[] sampled() {
            if (estimate instanceof ParameterEstimation.Accepted a) {
                return new double[] {a.qber(), a.qberUpper(), a.sampleSize()};
            }
            ParameterEstimation.Aborted a = (ParameterEstimation.Aborted) estimate;
            return new double[] {a.qber(), a.qberUpper(), a.sampleSize()};
        }

        /** In the finite-key protocol the whole X basis is the sample; its bound is inside φ_Z. */
        private static double[] disclosedX(double qber, FiniteKeyLink.Split split) {
            return new double[] {qber, Double.NaN, split.nX().sum()};
        }

        private static LinkReport.FiniteKey finite(FiniteKeyLink.Split split, FiniteKeyAnalysis.Result bound) {
            if (bound == null) {
                return new LinkReport.FiniteKey(split.nZ().sum(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        "not computed");
            }
            return new LinkReport.FiniteKey(split.nZ().sum(), bound.sZ0(), bound.sZ1(), bound.phaseErrorRate(),
                    bound.keyLengthBound(), bound.outcome().toString());
        }

        private LinkReport build(boolean aborted, String reason, BlockReconciliation.Outcome r, long finalBits,
                String lengthReason, double[] seen, LinkReport.FiniteKey finiteKey, long start, LinkReport.Stages stages) {
            LinkProfile p = s.profile();
            double wall = seconds(System.nanoTime() - start);
            double emulatedSeconds = s.pulses() / p.repetitionRateHz();
            double efficiency = r == null ? Double.NaN : r.efficiency();
            double perPulse = finalBits / (double) s.pulses();
            String method = s.keyLength() == KeyLengthMethod.FINITE_KEY_LIM2014 ? "finite-key-lim2014" : "decoy-gllp";
            return new LinkReport(p.name(), s.distanceKm(), describe(s.eavesdropper()), method, seed, s.pulses(),
                    tally.totalDetections(), tally.sifted(DetectionBatch.SIGNAL), tally.gain(DetectionBatch.SIGNAL),
                    seen[0], seen[1], (int) seen[2], aborted, reason, bounds.y1Lower(), bounds.e1Upper(),
                    bounds.singlePhotonFraction(), r == null ? 0 : r.aliceKey().length(), r == null ? 0 : r.blocks(),
                    r == null ? 0 : r.discardedBlocks(), r == null ? 0 : r.leakedEcBits(),
                    r == null ? 0 : r.leakedVerificationBits(), r == null ? 0 : r.roundTrips(), efficiency,
                    finalBits, lengthReason, perPulse, perPulse * p.repetitionRateHz(),
                    tally.totalSifted() == 0 ? 0 : tally.eveKnownSifted() / (double) tally.totalSifted(),
                    emulatedSeconds, wall, emulatedSeconds / wall, stages, intensities(), analytic(efficiency), finiteKey);
        }

        private LinkReport.Intensities intensities() {
            return new LinkReport.Intensities(tally.gain(DetectionBatch.SIGNAL), tally.gain(DetectionBatch.DECOY),
                    tally.gain(DetectionBatch.VACUUM), tally.errorRate(DetectionBatch.SIGNAL),
                    tally.errorRate(DetectionBatch.DECOY));
        }

        private LinkReport.Analytic analytic(double measuredF) {
            LinkProfile p = s.profile();
            ChannelExpectation channel = new ChannelExpectation(p, s.distanceKm(), s.eavesdropper());
            double signalShare = p.signalProbability();
            KeyRateModel withProfileF = new KeyRateModel(p);
            double mu = p.signalMu();
            double profileF = withProfileF.at(s.distanceKm(), KeyRateModel.DecoyMode.VACUUM_WEAK, mu).securePerPulse();
            double measured = Double.isNaN(measuredF) ? profileF
                    : new KeyRateModel(p.withErrorCorrectionEfficiency(Math.max(1.0, measuredF)))
                            .at(s.distanceKm(), KeyRateModel.DecoyMode.VACUUM_WEAK, mu).securePerPulse();
            double infinite = withProfileF.at(s.distanceKm(), KeyRateModel.DecoyMode.INFINITE, mu).securePerPulse();
            return new LinkReport.Analytic(channel.gain(DetectionBatch.SIGNAL), channel.errorRate(DetectionBatch.SIGNAL),
                    signalShare * channel.siftedFraction() * channel.gain(DetectionBatch.SIGNAL),
                    signalShare * measured, signalShare * profileF, signalShare * infinite,
                    withProfileF.plobPerPulse(s.distanceKm()));
        }
    }

    /** A short name of the attack for reports. */
    public static String describe(EavesdropperStrategy eve) {
        if (eve instanceof EavesdropperStrategy.InterceptResend ir) {
            return "intercept-resend(fraction=" + ir.fraction() + ")";
        }
        if (eve instanceof EavesdropperStrategy.PhotonNumberSplitting) {
            return "pns";
        }
        if (eve instanceof EavesdropperStrategy.Denial) {
            return "denial";
        }
        return "none";
    }
}
