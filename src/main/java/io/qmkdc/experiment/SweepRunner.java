package io.qmkdc.experiment;

import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.LinkPipeline;
import io.qmkdc.qkd.LinkReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;

/**
 * Runs emulated links at many distances (or eavesdropper fractions) in parallel, one
 * {@link LinkPipeline} per point with its own seed, and turns each report into a
 * {@link SweepPoint} with binomial standard errors (a single run) or the spread over repeats.
 */
public final class SweepRunner {
    /** One point to run: where, with which attack, and the label of its curve. */
    public record Job(double distanceKm, EavesdropperStrategy eavesdropper, double eveFraction, String mode) {
    }

    /** A finished point: the plotted values and every report behind them. */
    public record Finished(Job job, SweepPoint point, List<LinkReport> reports) {
    }

    private final LinkProfile profile;
    private final long pulses;
    private final int repeats;
    private final int threads;

    public SweepRunner(LinkProfile profile, long pulses, int repeats, int threads) {
        if (repeats < 1 || threads < 1) {
            throw new IllegalArgumentException("repeats and threads must be >= 1");
        }
        this.profile = profile;
        this.pulses = pulses;
        this.repeats = repeats;
        this.threads = threads;
    }

    /** Runs every job; {@code progress} gets the fraction of link runs finished. Results keep job order. */
    public List<Finished> run(List<Job> jobs, long seed, DoubleConsumer progress) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        int total = jobs.size() * repeats;
        try {
            List<List<Future<LinkReport>>> futures = new ArrayList<>();
            for (int j = 0; j < jobs.size(); j++) {
                Job job = jobs.get(j);
                List<Future<LinkReport>> runs = new ArrayList<>();
                for (int r = 0; r < repeats; r++) {
                    long runSeed = seed + 1_000L * j + r;
                    runs.add(pool.submit(() -> {
                        LinkReport report = new LinkPipeline(LinkPipeline.Settings.defaults(profile, job.distanceKm(),
                                pulses, job.eavesdropper())).run(runSeed, f -> { });
                        progress.accept(done.incrementAndGet() / (double) total);
                        return report;
                    }));
                }
                futures.add(runs);
            }
            List<Finished> out = new ArrayList<>();
            for (int j = 0; j < jobs.size(); j++) {
                List<LinkReport> reports = new ArrayList<>();
                for (Future<LinkReport> f : futures.get(j)) {
                    reports.add(f.get());
                }
                out.add(new Finished(jobs.get(j), point(jobs.get(j), reports), reports));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sweep point failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The plotted values of one point: means, with binomial errors for one run or the spread of repeats. */
    SweepPoint point(Job job, List<LinkReport> reports) {
        double rate = profile.repetitionRateHz();
        double n = reports.size();
        double signalPulses = pulses * profile.signalProbability();
        double[] gain = new double[reports.size()];
        double[] qber = new double[reports.size()];
        double[] sifted = new double[reports.size()];
        double[] secure = new double[reports.size()];
        double[] perPulse = new double[reports.size()];
        double[] errors = new double[reports.size()];
        for (int i = 0; i < reports.size(); i++) {
            LinkReport r = reports.get(i);
            gain[i] = r.perIntensity().signalGain();
            qber[i] = r.perIntensity().signalQber();
            sifted[i] = r.sifted() / (double) pulses * rate;
            secure[i] = r.secureBitsPerSecond();
            perPulse[i] = r.securePerPulse();
            errors[i] = qber[i] * sifted[i];
        }
        if (n > 1) {
            return new SweepPoint(job.distanceKm(), job.mode(), job.eveFraction(), meanSem(gain), meanSem(qber),
                    meanSem(sifted), meanSem(secure), meanSem(perPulse), meanSem(errors));
        }
        LinkReport r = reports.get(0);
        double g = gain[0];
        double e = Double.isNaN(qber[0]) ? 0 : qber[0];
        long siftedBits = Math.max(1, r.sifted());
        return new SweepPoint(job.distanceKm(), job.mode(), job.eveFraction(),
                Estimate.of(g, Math.sqrt(g * (1 - g) / signalPulses)),
                Estimate.of(qber[0], Math.sqrt(e * (1 - e) / siftedBits)),
                Estimate.of(sifted[0], Math.sqrt(r.sifted()) / pulses * rate),
                new Estimate(secure[0], Double.NaN),
                new Estimate(perPulse[0], Double.NaN),
                Estimate.of(errors[0], Math.sqrt(e * r.sifted()) / pulses * rate));
    }

    /** Mean and its standard error over repeats. */
    static Estimate meanSem(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Estimate.of(mean, Math.sqrt(ss / (x.length - 1) / x.length));
    }
}
