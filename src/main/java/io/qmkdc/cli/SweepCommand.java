package io.qmkdc.cli;

import io.qmkdc.experiment.Manifest;
import io.qmkdc.experiment.SweepPoint;
import io.qmkdc.experiment.SweepReport;
import io.qmkdc.experiment.SweepRunner;
import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.LinkPipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deploy/qmkdc sweep}: emulated links over a range of distances (in parallel), plus a sweep
 * of the intercepted fraction at one distance; writes points.csv, manifest.json, the plots and
 * report.html into {@code --out}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Emulated links vs distance (and vs Eve's fraction); CSV, manifest, PNG/SVG plots, HTML report.")
final class SweepCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ProfileOption profile;

    @Option(names = "--from", defaultValue = "0", description = "first distance, km (default ${DEFAULT-VALUE})")
    double from;

    @Option(names = "--to", defaultValue = "150", description = "last distance, km (default ${DEFAULT-VALUE})")
    double to;

    @Option(names = "--step", defaultValue = "5", description = "distance step, km (default ${DEFAULT-VALUE})")
    double step;

    @Option(names = "--pulses", defaultValue = "1e10", converter = Converters.Count.class,
            description = "pulses per emulated link, [1, 1e13] (default ${DEFAULT-VALUE})")
    long pulses;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--eve", defaultValue = "none", description = "attack on every distance point: none | intercept-resend | pns | denial")
    String eve;

    @Option(names = "--fraction", converter = Converters.Fraction.class, description = "intercepted fraction for --eve intercept-resend")
    Double fraction;

    @Option(names = "--eve-distance", defaultValue = "25", description = "distance of the eavesdropper-fraction sweep, km (default ${DEFAULT-VALUE})")
    double eveDistance;

    @Option(names = "--eve-fractions", defaultValue = "0:0.5:0.05", converter = Converters.Distances.class,
            description = "intercepted fractions FROM:TO:STEP within [0, 1] for the eve-fraction figure; 'none' to skip (default ${DEFAULT-VALUE})")
    DistanceSweep eveFractions;

    @Option(names = "--eve-pulses", converter = Converters.Count.class,
            description = "pulses per link of the eavesdropper-fraction sweep (default: min(--pulses, 2e9))")
    Long evePulses;

    @Option(names = "--repeats", defaultValue = "1", description = "runs per point with different seeds, [1, 100]; >1 gives error bars from the spread (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--threads", description = "parallel links (default: the number of cores)")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        validate();
        LinkProfile p = profile.load();
        EavesdropperStrategy attack = LinkCommand.strategy(eve, fraction);
        String mode = "none".equals(eve) ? "emulated" : "emulated, " + LinkPipeline.describe(attack);
        List<SweepRunner.Job> jobs = new ArrayList<>();
        for (double km : new DistanceSweep(from, to, step).points()) {
            jobs.add(new SweepRunner.Job(km, attack, Double.NaN, mode));
        }
        List<SweepRunner.Job> eveJobs = new ArrayList<>();
        if (eveFractions != null) {
            for (double f : eveFractions.points()) {
                eveJobs.add(new SweepRunner.Job(eveDistance, new EavesdropperStrategy.InterceptResend(f), f,
                        "intercept-resend"));
            }
        }
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        PrintStream human = Output.human(common.json);
        human.printf(Locale.ROOT, "sweep: %d distances from %.1f to %.1f km and %d eavesdropper fractions at %.1f km, "
                + "%.3g pulses per link, %d repeat(s), %d thread(s)%n", jobs.size(), from, to, eveJobs.size(), eveDistance,
                (double) pulses, repeats, cores);
        long start = System.nanoTime();
        Progress progress = new Progress("sweep", true);
        List<SweepPoint> points = new ArrayList<>();
        for (SweepRunner.Finished f : new SweepRunner(p, pulses, repeats, cores).run(jobs, common.seed, progress)) {
            points.add(f.point());
        }
        if (!eveJobs.isEmpty()) {
            long ep = evePulses != null ? evePulses : Math.min(pulses, 2_000_000_000L);
            for (SweepRunner.Finished f : new SweepRunner(p, ep, repeats, cores).run(eveJobs, common.seed + 7,
                    new Progress("eve sweep", true))) {
                points.add(f.point());
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Manifest manifest = Manifest.capture(p, common.seed, pulses, wall);
        Path report = SweepReport.write(out, manifest, points, Profiles.load("paper"));
        human.printf(Locale.ROOT, "wrote %s (points.csv, manifest.json, plots, report.html) in %.1f s%n", report.getParent(), wall);
        Output.writeJson(points, common.json);
        return 0;
    }

    private void validate() {
        if (!(from >= 0 && to <= 1000 && to >= from)) {
            throw new UsageError("--from/--to must satisfy 0 <= from <= to <= 1000 km, were " + from + ", " + to);
        }
        if (!(step > 0) || (to - from) / step > 1000) {
            throw new UsageError("--step must be > 0 and give at most 1000 points, was " + step);
        }
        if (!(eveDistance >= 0 && eveDistance <= 1000)) {
            throw new UsageError("--eve-distance " + eveDistance + " is outside [0, 1000] km");
        }
        if (eveFractions != null && eveFractions.to() > 1) {
            throw new UsageError("--eve-fractions must lie within [0, 1]");
        }
        if (repeats < 1 || repeats > 100) {
            throw new UsageError("--repeats " + repeats + " is outside [1, 100]");
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new UsageError("--threads " + threads + " is outside [1, 256]");
        }
    }
}
