package io.qmkdc.qkd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.optics.LinkProfile;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * Sifting → parameter estimation → decoy analysis → key length on a synthetic GYS block at 25 km.
 * The batch is built by hand from the model's expected gains (the optics emulator is not merged
 * here): per class exactly round(N_c Q_c) detections, random bases, a bit error with probability E_c.
 */
public class EstimationPipelineTest {
    private static final LinkProfile GYS = LinkProfile.gys();

    static DetectionBatch syntheticBlock(double distanceKm, long signalPulses, SplittableRandom rng) {
        KeyRateModel m = new KeyRateModel(GYS);
        double eta = GYS.overallTransmittance(distanceKm);
        long[] pulses = {signalPulses, signalPulses / 8, signalPulses / 8};
        double[] intensity = {GYS.signalMu(), GYS.decoyNu(), 0.0};
        int[] det = new int[3];
        int size = 0;
        for (int c = 0; c < 3; c++) {
            det[c] = (int) Math.round(pulses[c] * m.gain(intensity[c], eta));
            size += det[c];
        }
        long[] idx = new long[size];
        byte[] cls = new byte[size];
        byte[] ab = new byte[size];
        byte[] abit = new byte[size];
        byte[] bb = new byte[size];
        byte[] bbit = new byte[size];
        int i = 0;
        for (int c = 0; c < 3; c++) {
            double q = m.gain(intensity[c], eta);
            double e = c == 2 ? 0.5 : m.errorGain(intensity[c], eta) / q;
            for (int j = 0; j < det[c]; j++, i++) {
                idx[i] = i;
                cls[i] = (byte) c;
                ab[i] = (byte) rng.nextInt(2);
                bb[i] = (byte) rng.nextInt(2);
                abit[i] = (byte) rng.nextInt(2);
                bbit[i] = (byte) (rng.nextDouble() < e ? 1 - abit[i] : abit[i]);
            }
        }
        return new DetectionBatch(0, pulses[0] + pulses[1] + pulses[2], pulses, size, idx, cls, ab, abit, bb, bbit,
                new boolean[size], new byte[size]);
    }

    @Test
    public void gysBlockAt25KmGivesPositiveFiniteKeyBelowAsymptotic() {
        SplittableRandom rng = new SplittableRandom(25);
        SiftedKey sifted = Sifting.sift(syntheticBlock(25, 100_000_000L, rng));
        ParameterEstimation pe = new ParameterEstimation(ParameterEstimation.Config.defaults(GYS));
        ParameterEstimation.Outcome out = pe.estimate(sifted.aliceKey(DetectionBatch.SIGNAL),
                sifted.bobKey(DetectionBatch.SIGNAL), rng);
        assertTrue(out.toString(), out instanceof ParameterEstimation.Accepted);
        ParameterEstimation.Accepted acc = (ParameterEstimation.Accepted) out;
        // E_μ ≈ e_d = 3.3 % at 25 km; sample of ~32 000 bits has σ ≈ 0.1 %
        assertEquals(0.033, acc.qber(), 0.005);

        DecoyAnalysis.Bounds none = DecoyAnalysis.vacuumWeak(GYS.signalMu(), GYS.decoyNu(), sifted.observation(),
                new Fluctuation.None());
        DecoyAnalysis.Bounds gauss = DecoyAnalysis.vacuumWeak(GYS.signalMu(), GYS.decoyNu(), sifted.observation(),
                new Fluctuation.Gaussian(5.3));
        long n = acc.alice().length();
        // leak as an ideal-ish error correction would: f = 1.22 over the Shannon limit of the bound
        long leak = (long) Math.ceil(1.22 * n * EstimationMath.h2(acc.qberUpper()));
        KeyLength.Breakdown finite = KeyLength.finite(n, gauss, leak, 64, 1e-10);
        KeyLength.Breakdown asymptotic = KeyLength.asymptotic(n, none, acc.qber(), 1.22);
        assertTrue(finite.toString(), finite.positive());
        assertTrue(finite.length() < asymptotic.length());
        // Asymptotic per sifted bit must match the model's R / (q Q_μ) ≈ 0.207 within sampling noise:
        // ~280 decoy errors give e1 a 6 % σ (±0.0022 → ±0.0062 after Δ1 (1 − h2)); the 32 000-bit sample gives
        // E_μ σ ≈ 0.001 (→ ±0.0058 after f h2). Combined σ ≈ 0.0085; allow 4σ = 0.035.
        KeyRateModel.Point p = new KeyRateModel(GYS).at(25, KeyRateModel.DecoyMode.VACUUM_WEAK);
        double modelFraction = p.securePerPulse() / p.siftedPerPulse();
        assertEquals(modelFraction, (double) asymptotic.length() / n, 0.035);
    }
}
