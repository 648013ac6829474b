package io.qmkdc.qkd;

import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.ExpectedStatistics.Channel;
import io.qmkdc.qkd.ExpectedStatistics.Protocol;
import io.qmkdc.qkd.FiniteKeyAnalysis.PerIntensity;
import io.qmkdc.qkd.FiniteKeyAnalysis.Source;

/**
 * Hand-run: evaluations of the finite-key length per second, and the GYS key rate per pulse
 * against distance for N = 1e10 and 1e12 (the plot of Lim et al. fig. 1 at fixed N).
 * Run: {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.qmkdc.qkd.FiniteKeyAnalysisBench}
 */
public final class FiniteKeyAnalysisBench {
    public static void main(String[] args) {
        LinkProfile gys = LinkProfile.gys();
        Source source = new Source(new PerIntensity(0.48, 0.1, 0.0), new PerIntensity(0.8, 0.1, 0.1));
        Protocol protocol = new Protocol(source, 0.5, 0.5, gys.errorCorrectionEfficiency(), 1e-10, 1e-15);
        for (double n : new double[] {1e10, 1e12}) {
            StringBuilder line = new StringBuilder(String.format("N=%.0e  ", n));
            for (int km = 0; km <= 150; km += 10) {
                line.append(String.format("%d:%.2e ", km,
                        ExpectedStatistics.keyRatePerPulse(Channel.of(gys, km), protocol, n)));
            }
            System.out.println(line);
        }
        int reps = 2_000_000;
        double sink = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                sink += ExpectedStatistics.keyRatePerPulse(Channel.of(gys, i % 150), protocol, 1e12);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d: %.2f M evaluations/s (expected stats + key length)%n", round, reps / seconds / 1e6);
        }
        System.out.println("checksum " + sink);
    }
}
