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
     */
    public record Settings(LinkProfile profile, double distanceKm, long pulses, EavesdropperStrategy eavesdropper,
            int cascadeBlockBits, int privacyBlockBits, ParameterEstimation.Config estimation,
            Fluctuation fluctuation, double epsilonPrivacy) {
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
            return new Settings(profile, distanceKm, pulses, eve, 1 << 20, 1 << 24, pe, new Fluctuation.Gaussian(5.3), 1e-10);
        }
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
        long[] siftingNanos = {0};
        long[] emulatedPulses = {0};
        LinkEmulator emulator = new LinkEmulator(profile, settings.distanceKm(), settings.eavesdropper(), physics);
        emulator.emulate(settings.pulses(), tapped -> {
            long t = System.nanoTime();
            tally.add(tapped);
            sifting.append(tapped.detections());
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

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Assembles the report and its analytic columns. */
    private record Builder(Settings s, long seed, LinkTally tally, SiftedKey sifted,
            ParameterEstimation.Outcome estimate, DecoyAnalysis.Bounds bounds) {

        LinkReport aborted(String reason, long start, double emulation, double siftingSeconds, double estimation) {
            return build(true, reason, null, null, 0, start,
                    new LinkReport.Stages(emulation, siftingSeconds, estimation, 0, 0));
        }

        LinkReport completed(BlockReconciliation.Outcome r, KeyLength.Breakdown length, long finalBits, long start,
                LinkReport.Stages stages) {
            return build(false, null, r, length, finalBits, start, stages);
        }

        private LinkReport build(boolean aborted, String reason, BlockReconciliation.Outcome r,
                KeyLength.Breakdown length, long finalBits, long start, LinkReport.Stages stages) {
            LinkProfile p = s.profile();
            double wall = seconds(System.nanoTime() - start);
            double emulatedSeconds = s.pulses() / p.repetitionRateHz();
            double qber;
            double qberUpper;
            int sample;
            if (estimate instanceof ParameterEstimation.Accepted a) {
                qber = a.qber();
                qberUpper = a.qberUpper();
                sample = a.sampleSize();
            } else {
                ParameterEstimation.Aborted a = (ParameterEstimation.Aborted) estimate;
                qber = a.qber();
                qberUpper = a.qberUpper();
                sample = a.sampleSize();
            }
            double efficiency = r == null ? Double.NaN : r.efficiency();
            double perPulse = finalBits / (double) s.pulses();
            long siftedSignal = tally.sifted(DetectionBatch.SIGNAL);
            return new LinkReport(p.name(), s.distanceKm(), describe(s.eavesdropper()), seed, s.pulses(),
                    tally.totalDetections(), siftedSignal, tally.gain(DetectionBatch.SIGNAL), qber, qberUpper, sample,
                    aborted, reason, bounds.y1Lower(), bounds.e1Upper(), bounds.singlePhotonFraction(),
                    r == null ? 0 : r.aliceKey().length(), r == null ? 0 : r.blocks(),
                    r == null ? 0 : r.discardedBlocks(), r == null ? 0 : r.leakedEcBits(),
                    r == null ? 0 : r.leakedVerificationBits(), r == null ? 0 : r.roundTrips(), efficiency,
                    finalBits, length == null ? reason : length.reason(), perPulse, perPulse * p.repetitionRateHz(),
                    tally.totalSifted() == 0 ? 0 : tally.eveKnownSifted() / (double) tally.totalSifted(),
                    emulatedSeconds, wall, emulatedSeconds / wall, stages, intensities(), analytic(efficiency));
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
