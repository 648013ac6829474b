package io.qmkdc.qkd;

import io.qmkdc.optics.ChannelExpectation;
import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkEmulator;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.optics.LinkTally;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import java.util.random.RandomGenerator;

/**
 * One emulated QKD link end to end (DESIGN §4): detection-driven emulation, then one BB84 round of
 * {@link Bb84AliceRound} and {@link Bb84BobRound} with their messages passed in process — sifting,
 * parameter estimation with abort (paper eq. 4), vacuum + weak decoy bounds, Cascade and
 * verification per block, key length and Toeplitz privacy amplification. The link actors carry the
 * same machines' messages over the network, so there is one protocol. The finite-key variant
 * (Lim et al. 2014) is computed here only, both parties at once.
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

        /** The post-processing settings both ends of a round share. */
        public Bb84Settings bb84() {
            return new Bb84Settings(profile, cascadeBlockBits, privacyBlockBits, estimation, fluctuation, epsilonPrivacy);
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
        LinkEmulator emulator = new LinkEmulator(settings.profile(), settings.distanceKm(), settings.eavesdropper(),
                physics);
        if (settings.keyLength() == KeyLengthMethod.FINITE_KEY_LIM2014) {
            return runFiniteKey(seed, emulator, protocol, progress);
        }
        return run(seed, emulator, protocol, progress, Bb84Trace.NONE, Bb84Trace.NONE);
    }

    /**
     * One BB84 round (GLLP with decoy bounds) through {@link Bb84AliceRound} and {@link Bb84BobRound},
     * both driven here: the detections of {@code emulator}, Alice's choices from {@code protocol}.
     * The link actors run the same machines; given the same detections and stream they give the
     * same keys and report (the traces see each end's keys).
     */
    public LinkReport run(long seed, LinkEmulator emulator, RandomGenerator protocol, DoubleConsumer progress,
            Bb84Trace aliceTrace, Bb84Trace bobTrace) {
        LinkRound round = new LinkRound(settings, seed, protocol, aliceTrace, bobTrace);
        emulator.emulate(settings.pulses(), tapped -> {
            round.batch(tapped);
            progress.accept(round.progress());
        });
        return round.finish();
    }

    /** The Lim et al. 2014 variant: sifted in one process, the Z basis of all intensities is the key. */
    private LinkReport runFiniteKey(long seed, LinkEmulator emulator, SplittableRandom protocol,
            DoubleConsumer progress) {
        LinkProfile profile = settings.profile();
        long start = System.nanoTime();
        LinkTally tally = new LinkTally();
        SiftedKeyAccumulator sifting = new SiftedKeyAccumulator();
        SiftedKeyAccumulator zBasis = new SiftedKeyAccumulator();
        SiftedKeyAccumulator xBasis = new SiftedKeyAccumulator();
        long[] siftingNanos = {0};
        long[] emulatedPulses = {0};
        emulator.emulate(settings.pulses(), tapped -> {
            long t = System.nanoTime();
            tally.add(tapped);
            sifting.append(tapped.detections());
            zBasis.append(BasisSplit.keep(tapped.detections(), DetectionBatch.BASIS_Z));
            xBasis.append(BasisSplit.keep(tapped.detections(), DetectionBatch.BASIS_X));
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
        sifted.wipe();
        if (estimate instanceof ParameterEstimation.Accepted a) {
            a.alice().wipe();
            a.bob().wipe();
        }
        Builder report = new Builder(settings, seed, tally, null, bounds);
        return finiteKey(report, zBasis, xBasis, protocol, start, emulation, seconds(siftingNanos[0]), estimation);
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
        return report.finiteCompleted(Reconciled.of(reconciled), bound, finalBits, qber, split, start, stages);
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** What error correction and verification kept and cost. */
    record Reconciled(long bits, int blocks, int discarded, long leakedEc, long leakedVerification,
            long roundTrips, double efficiency) {
        static Reconciled of(BlockReconciliation.Outcome r) {
            return new Reconciled(r.aliceKey().length(), r.blocks(), r.discardedBlocks(), r.leakedEcBits(),
                    r.leakedVerificationBits(), r.roundTrips(), r.efficiency());
        }
    }

    /** Assembles the report and its analytic columns; {@code seen} is the sampled QBER, its bound and k. */
    record Builder(Settings s, long seed, LinkTally tally, double[] seen, DecoyAnalysis.Bounds bounds) {

        LinkReport aborted(String reason, long start, LinkReport.Stages stages) {
            return build(true, reason, null, 0, reason, seen, null, start, stages);
        }

        LinkReport completed(Reconciled r, String lengthReason, long finalBits, long start, LinkReport.Stages stages) {
            return build(false, null, r, finalBits, lengthReason, seen, null, start, stages);
        }

        LinkReport finiteAborted(String reason, double qber, FiniteKeyLink.Split split, FiniteKeyAnalysis.Result bound,
                long start, LinkReport.Stages stages) {
            return build(true, reason, null, 0, reason, disclosedX(qber, split), finite(split, bound), start, stages);
        }

        LinkReport finiteCompleted(Reconciled r, FiniteKeyAnalysis.Result bound, long finalBits,
                double qber, FiniteKeyLink.Split split, long start, LinkReport.Stages stages) {
            return build(false, null, r, finalBits, "finite-key bound " + bound.outcome(), disclosedX(qber, split),
                    finite(split, bound), start, stages);
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

        private LinkReport build(boolean aborted, String reason, Reconciled r, long finalBits,
                String lengthReason, double[] seen, LinkReport.FiniteKey finiteKey, long start, LinkReport.Stages stages) {
            LinkProfile p = s.profile();
            double wall = seconds(System.nanoTime() - start);
            double emulatedSeconds = s.pulses() / p.repetitionRateHz();
            double efficiency = r == null ? Double.NaN : r.efficiency();
            if (bounds == null) {
                throw new IllegalStateException("the round ended before the decoy analysis: " + reason);
            }
            double perPulse = finalBits / (double) s.pulses();
            String method = s.keyLength() == KeyLengthMethod.FINITE_KEY_LIM2014 ? "finite-key-lim2014" : "decoy-gllp";
            return new LinkReport(p.name(), s.distanceKm(), describe(s.eavesdropper()), method, seed, s.pulses(),
                    tally.totalDetections(), tally.sifted(DetectionBatch.SIGNAL), tally.gain(DetectionBatch.SIGNAL),
                    seen[0], seen[1], (int) seen[2], aborted, reason, bounds.y1Lower(), bounds.e1Upper(),
                    bounds.singlePhotonFraction(), r == null ? 0 : r.bits(), r == null ? 0 : r.blocks(),
                    r == null ? 0 : r.discarded(), r == null ? 0 : r.leakedEc(),
                    r == null ? 0 : r.leakedVerification(), r == null ? 0 : r.roundTrips(), efficiency,
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
