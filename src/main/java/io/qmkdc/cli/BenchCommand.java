package io.qmkdc.cli;

import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkEmulator;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.optics.PerPulseEmulator;
import io.qmkdc.qkd.BitVector;
import io.qmkdc.qkd.Cascade;
import io.qmkdc.qkd.CascadeSchedule;
import io.qmkdc.qkd.LinkPipeline;
import io.qmkdc.qkd.LinkStream;
import io.qmkdc.qkd.ReconciliationResult;
import io.qmkdc.qkd.ToeplitzHash;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deploy/qmkdc bench}: speed of the emulation, Cascade, privacy amplification and the whole
 * link pipeline on one thread, each beside a baseline measured in the same run (the per-pulse
 * emulator, the original Cascade schedule, the word-level Toeplitz product). Each figure is the
 * median of repeated runs after a warm-up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure emulation, Cascade, privacy amplification and pipeline speed against baselines.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--quick", description = "smaller sizes (seconds instead of a minute), for smoke tests")
    boolean quick;

    @Mixin
    ProfileOption profile;

    record Emulation(double distanceKm, double pulsesPerSecond, double detectionsPerSecond,
            double baselinePulsesPerSecond, double speedupOverPerPulse) {
    }

    /**
     * Cascade at one key length and QBER: f and round trips are means over {@code blocks} seeded
     * blocks (10^6 bits in all, so a 10^4-bit row is not one noisy block), Mbit/s over all of them.
     */
    record CascadeFigure(double qber, int blockBits, int blocks, double mbitPerSecond, double efficiency,
            double roundTrips, double baselineMbitPerSecond, double baselineEfficiency, double baselineRoundTrips) {
    }

    /**
     * Baseline: the one-thread scalar FFT product (the hash before issue 13), timed alternately in
     * the same run. {@code cpuRatio}: baseline over figure in the calling thread's CPU time, for
     * one-thread rows only (null for two threads), which a shared, loaded machine disturbs less
     * than wall time.
     */
    record PrivacyFigure(int blockBits, int threads, double mbitPerSecond, double baselineMbitPerSecond,
            Double cpuRatio) {
    }

    /**
     * {@code rounds} consecutive rounds of {@code pulses} pulses each ({@link LinkStream});
     * {@code loadAverage}: the machine's one-minute load average after the row, since other work on
     * a shared machine takes cores from the second thread first.
     */
    record PipelineFigure(double distanceKm, int threads, long pulses, int rounds, double realTimeFactor,
            long finalKeyBits, double wallSeconds, double loadAverage) {
    }

    record Result(String profile, boolean quick, Emulation emulation, List<CascadeFigure> cascade,
            List<PrivacyFigure> privacyAmplification, List<PipelineFigure> pipeline) {
    }

    @Override
    public Integer call() {
        LinkProfile p = profile.load();
        PrintStream out = Output.human(common.json);
        int reps = quick ? 2 : 3;
        out.println("bench: one thread unless a row says threads, median of " + reps + " runs after a warm-up" + (quick ? " (quick sizes)" : ""));
        Emulation emulation = emulation(p, reps, out);
        List<CascadeFigure> cascade = cascade(reps, out);
        List<PrivacyFigure> privacy = privacy(reps, out);
        List<PipelineFigure> pipeline = pipeline(p, out);
        Output.writeJson(new Result(p.name(), quick, emulation, cascade, privacy, pipeline), common.json);
        return 0;
    }

    private Emulation emulation(LinkProfile p, int reps, PrintStream out) {
        double km = 50;
        long pulses = quick ? 2_000_000_000L : 20_000_000_000L;
        int baselinePulses = quick ? 2_000_000 : 20_000_000;
        long[] detections = {0};
        double seconds = median(reps, () -> {
            detections[0] = 0;
            new LinkEmulator(p, km, new EavesdropperStrategy.None(), new SplittableRandom(common.seed))
                    .emulate(pulses, b -> detections[0] += b.detections().size());
        });
        double baseline = median(reps, () -> new PerPulseEmulator(p, km, new SplittableRandom(common.seed)).nextBatch(baselinePulses));
        Emulation e = new Emulation(km, pulses / seconds, detections[0] / seconds, baselinePulses / baseline,
                (pulses / seconds) / (baselinePulses / baseline));
        Output.Table t = new Output.Table("emulation", "pulses/s", "detections/s", "per-pulse baseline pulses/s", "speed-up");
        t.row(km + " km", e.pulsesPerSecond(), e.detectionsPerSecond(), e.baselinePulsesPerSecond(), e.speedupOverPerPulse());
        t.print(out);
        return e;
    }

    private List<CascadeFigure> cascade(int reps, PrintStream out) {
        List<CascadeFigure> figures = new ArrayList<>();
        Output.Table t = new Output.Table("Cascade QBER", "bits", "blocks", "Mbit/s", "f", "round trips",
                "original Mbit/s", "original f", "original round trips");
        for (int n : new int[] {10_000, 100_000, 1_000_000}) {
            for (double qber : new double[] {0.01, 0.02, 0.05}) {
                figures.add(cascadeFigure(n, qber, reps, t));
            }
        }
        t.print(out);
        out.println("Cascade: f and round trips are means over the blocks (10^6 bits per row), f against each block's true QBER");
        return figures;
    }

    private CascadeFigure cascadeFigure(int n, double qber, int reps, Output.Table t) {
        SplittableRandom rnd = new SplittableRandom(common.seed);
        int blocks = Math.max(1, 1_000_000 / n);
        BitVector[] alice = new BitVector[blocks];
        BitVector[] bob = new BitVector[blocks];
        double[] trueQber = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            alice[b] = BitVector.random(n, rnd);
            bob[b] = alice[b].copy();
            for (int i = 0; i < n; i++) {
                if (rnd.nextDouble() < qber) {
                    bob[b].flip(i);
                }
            }
            trueQber[b] = alice[b].hammingDistance(bob[b]) / (double) n;
        }
        double[] optimized = new double[2];
        double[] original = new double[2];
        double opt = median(reps, () -> reconcileAll(alice, bob, trueQber, CascadeSchedule.optimized(qber, n), optimized));
        double orig = median(reps, () -> reconcileAll(alice, bob, trueQber, CascadeSchedule.original(qber, n), original));
        double bits = (double) n * blocks;
        CascadeFigure f = new CascadeFigure(qber, n, blocks, bits / opt / 1e6, optimized[0], optimized[1],
                bits / orig / 1e6, original[0], original[1]);
        t.row(qber, n, blocks, f.mbitPerSecond(), f.efficiency(), f.roundTrips(), f.baselineMbitPerSecond(),
                f.baselineEfficiency(), f.baselineRoundTrips());
        return f;
    }

    /** Reconciles every block with its own public seed; {@code mean} gets mean f and mean round trips. */
    private static void reconcileAll(BitVector[] alice, BitVector[] bob, double[] trueQber, CascadeSchedule schedule,
                                     double[] mean) {
        double f = 0;
        double trips = 0;
        for (int b = 0; b < alice.length; b++) {
            ReconciliationResult r = Cascade.reconcileInProcess(alice[b], bob[b], schedule, 42 + b);
            f += r.efficiency(trueQber[b]);
            trips += r.roundTrips();
        }
        mean[0] = f / alice.length;
        mean[1] = trips / alice.length;
    }

    /**
     * Privacy amplification, output n/2, at 10^6, 10^7 and (unless quick) 10^8 bits on one and two
     * threads; the baseline (the one-thread scalar FFT, the hash before issue 13) is timed beside
     * each figure, alternating, so that a change of load on a shared machine hits both.
     */
    private List<PrivacyFigure> privacy(int reps, PrintStream out) {
        int[] sizes = quick ? new int[] {1_000_000, 10_000_000} : new int[] {1_000_000, 10_000_000, 100_000_000};
        List<PrivacyFigure> figures = new ArrayList<>();
        Output.Table t = new Output.Table("privacy amplification bits", "threads", "Mbit/s", "baseline Mbit/s", "ratio",
                "CPU-time ratio");
        for (int n : sizes) {
            SplittableRandom rnd = new SplittableRandom(common.seed);
            int m = n / 2;
            BitVector x = BitVector.random(n, rnd);
            BitVector seed = BitVector.random(ToeplitzHash.seedLength(n, m), rnd);
            int r = n >= 100_000_000 ? 1 : reps;
            for (int threads : new int[] {1, 2}) {
                double[] s = alternating(r, () -> ToeplitzHash.hashBaseline(x, m, seed),
                        () -> ToeplitzHash.hash(x, m, seed, threads));
                Double cpuRatio = threads == 1 ? s[2] / s[3] : null;
                PrivacyFigure f = new PrivacyFigure(n, threads, n / s[1] / 1e6, n / s[0] / 1e6, cpuRatio);
                figures.add(f);
                t.row(n, threads, f.mbitPerSecond(), f.baselineMbitPerSecond(), f.mbitPerSecond() / f.baselineMbitPerSecond(),
                        cpuRatio == null ? "-" : cpuRatio);
            }
        }
        t.print(out);
        out.println("privacy amplification: SIMD butterflies " + (ToeplitzHash.simd() ? "on" : "off (no jdk.incubator.vector)"));
        return figures;
    }

    /**
     * The whole link as consecutive rounds on one thread and pipelined on two ({@link LinkStream}),
     * after one small warm-up stream so that the first distance does not pay for the JIT.
     */
    private List<PipelineFigure> pipeline(LinkProfile p, PrintStream out) {
        long pulses = quick ? 100_000_000L : 1_000_000_000L;
        int rounds = quick ? 2 : 3;
        new LinkStream(LinkPipeline.Settings.defaults(p, 0, 50_000_000L, new EavesdropperStrategy.None()))
                .run(common.seed, 2, 2);
        List<PipelineFigure> figures = new ArrayList<>();
        Output.Table t = new Output.Table("pipeline km", "threads", "pulses per round", "rounds", "real-time factor",
                "final key bits", "wall s", "load average");
        for (double km : new double[] {0, 10, 25, 50, 100}) {
            LinkStream stream = new LinkStream(LinkPipeline.Settings.defaults(p, km, pulses,
                    new EavesdropperStrategy.None()));
            for (int threads : new int[] {1, 2}) {
                LinkStream.Result r = stream.run(common.seed, rounds, threads);
                double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                PipelineFigure f = new PipelineFigure(km, threads, pulses, rounds, r.realTimeFactor(), r.finalKeyBits(),
                        r.wallSeconds(), load);
                figures.add(f);
                t.row(km, threads, (double) pulses, rounds, f.realTimeFactor(), (double) f.finalKeyBits(), f.wallSeconds(),
                        load);
            }
        }
        t.print(out);
        out.println("real-time factor = emulated seconds at the profile's clock / wall seconds of the whole pipeline; "
                + "two threads: round r+1 emulated, sifted and reconciled while round r is amplified");
        return figures;
    }

    /** Median wall seconds of {@code reps} runs after one warm-up run. */
    /**
     * Medians of {@code reps} runs of {@code base} and {@code figure}, one after the other each time
     * (after one warm-up each): {wall base, wall figure, CPU base, CPU figure} in seconds, CPU time
     * being the calling thread's.
     */
    private static double[] alternating(int reps, Runnable base, Runnable figure) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        base.run();
        figure.run();
        double[][] s = new double[4][reps];
        for (int i = 0; i < reps; i++) {
            for (int k = 0; k < 2; k++) {
                long c = mx.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                (k == 0 ? base : figure).run();
                s[k][i] = (System.nanoTime() - t) / 1e9;
                s[2 + k][i] = (mx.getCurrentThreadCpuTime() - c) / 1e9;
            }
        }
        double[] med = new double[4];
        for (int k = 0; k < 4; k++) {
            Arrays.sort(s[k]);
            med[k] = s[k][reps / 2];
        }
        return med;
    }

    private static double median(int reps, Runnable work) {
        work.run();
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            work.run();
            s[i] = (System.nanoTime() - t) / 1e9;
        }
        Arrays.sort(s);
        return s[reps / 2];
    }
}
