package io.qmkdc.optics;

import java.util.SplittableRandom;

/**
 * Emulated pulses per wall second of {@link LinkEmulator} (GYS, μ = 0.48, no Eve) at 0, 25, 50,
 * 100 km, one thread. Run by hand: {@code java -cp target/classes:target/test-classes
 * io.qmkdc.optics.OpticsBench [pulsesPerRun]}. Numbers are reported, never asserted.
 */
public final class OpticsBench {

    public static void main(String[] args) {
        long pulses = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000_000L;
        LinkProfile gys = LinkProfile.gys();
        for (double km : new double[] {50, 0, 25, 50, 100}) { // first 50 km run warms the JIT
            LinkEmulator link = new LinkEmulator(gys, km, new EavesdropperStrategy.None(), new SplittableRandom(1));
            long runPulses = km == 0 ? pulses / 10 : pulses;
            long detections = 0;
            long t0 = System.nanoTime();
            while (link.nextPulse() < runPulses) {
                detections += link.nextBatch(runPulses - link.nextPulse()).size();
            }
            double s = (System.nanoTime() - t0) * 1e-9;
            System.out.printf("%5.0f km: %.3g pulses/s, %.3g detections/s (%d detections in %.2f s)%n",
                    km, runPulses / s, detections / s, detections, s);
        }
    }
}
