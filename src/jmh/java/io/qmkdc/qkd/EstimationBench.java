package io.qmkdc.qkd;

import io.qmkdc.optics.DetectionBatch;
import io.qmkdc.optics.LinkProfile;
import java.util.SplittableRandom;

/**
 * Hand-run throughput loop (not a test): sifting of 1M-detection batches, parameter estimation of a
 * 2M-bit sifted key, and a full key-rate sweep with cut-offs. Prints ns per item.
 */
public final class EstimationBench {
    private EstimationBench() {
    }

    public static void main(String[] args) {
        SplittableRandom rng = new SplittableRandom(7);
        int size = 1_000_000;
        byte[] cls = new byte[size];
        byte[] ab = new byte[size];
        byte[] abit = new byte[size];
        byte[] bb = new byte[size];
        byte[] bbit = new byte[size];
        long[] idx = new long[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i * 100L;
            cls[i] = (byte) (rng.nextDouble() < 0.8 ? 0 : rng.nextBoolean() ? 1 : 2);
            ab[i] = (byte) rng.nextInt(2);
            bb[i] = (byte) rng.nextInt(2);
            abit[i] = (byte) rng.nextInt(2);
            bbit[i] = rng.nextDouble() < 0.03 ? (byte) (1 - abit[i]) : abit[i];
        }
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            SiftedKeyAccumulator acc = new SiftedKeyAccumulator();
            for (int b = 0; b < 4; b++) {
                acc.append(new DetectionBatch(b * 100L * size, 100L * size, new long[] {80L * size, 10L * size, 10L * size},
                        size, idx, cls, ab, abit, bb, bbit, new boolean[size], new byte[size]));
            }
            SiftedKey k = acc.snapshot();
            long t1 = System.nanoTime();
            ParameterEstimation pe = new ParameterEstimation(ParameterEstimation.Config.defaults(LinkProfile.gys()));
            ParameterEstimation.Outcome out = pe.estimate(k.aliceKey(0), k.bobKey(0), rng);
            long t2 = System.nanoTime();
            KeyRateModel m = new KeyRateModel(LinkProfile.gys().withSignalMu(Double.NaN));
            m.sweep(0, 150, 1, KeyRateModel.DecoyMode.VACUUM_WEAK);
            double c = m.cutoffKm(KeyRateModel.DecoyMode.INFINITE);
            long t3 = System.nanoTime();
            System.out.printf("sift %.1f ns/detection (4M) | PE %.1f ns/sifted bit (%d bits, %s) | sweep 151 pts + cutoff %.1f km: %.1f ms%n",
                    (t1 - t0) / 4e6, (double) (t2 - t1) / k.sifted(0), k.sifted(0), out.getClass().getSimpleName(),
                    c, (t3 - t2) / 1e6);
        }
    }
}
