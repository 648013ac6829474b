package io.qmkdc.cli;

import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.KeyRateModel;
import io.qmkdc.qkd.KeyRateModel.DecoyMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deploy/qmkdc keyrate}: the analytic decoy-state key rate (paper eq. 13) and PLOB bound. */
@Command(name = "keyrate", mixinStandardHelpOptions = true,
        description = "Analytic GLLP decoy-state key rate (paper eq. 13), sifted key and PLOB bound vs distance.")
final class KeyRateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ProfileOption profile;

    @Option(names = "--distance", defaultValue = "50", converter = Converters.Distances.class,
            description = "km, or a sweep FROM:TO:STEP (e.g. 0:150:5); default ${DEFAULT-VALUE}")
    DistanceSweep distance;

    @Option(names = "--decoy", defaultValue = "infinite", description = "infinite | vacuum+weak | none (default ${DEFAULT-VALUE})")
    String decoy;

    @Option(names = "--mu", description = "fix the signal intensity μ in (0, 10]; otherwise μ is optimised per distance")
    Double mu;

    @Option(names = "--nu", description = "weak decoy intensity ν in (0, μ) for vacuum+weak (default: the profile's)")
    Double nu;

    /** The JSON document: the rate per point and the cut-off distance. */
    record Result(String profile, String decoy, double repetitionRateHz, double signalProbability,
            List<KeyRateModel.Point> points, double cutoffKm) {
    }

    @Override
    public Integer call() {
        DecoyMode mode = decoyMode(decoy);
        LinkProfile p = profile.load();
        if (mu != null && !(mu > 0 && mu <= 10)) {
            throw new UsageError("--mu " + mu + " is outside (0, 10]");
        }
        if (nu != null) {
            double limit = mu != null ? mu : 10;
            if (!(nu > 0 && nu < limit)) {
                throw new UsageError("--nu " + nu + " is outside (0, " + limit + ")");
            }
            p = p.withDecoyNu(nu);
        }
        p = p.withSignalMu(mu != null ? mu : Double.NaN);
        KeyRateModel model = new KeyRateModel(p);
        List<KeyRateModel.Point> points = new ArrayList<>();
        for (double d : distance.points()) {
            points.add(model.at(d, mode));
        }
        double cutoff = mu != null ? cutoffAtFixedMu(model, mode, mu) : model.cutoffKm(mode);
        Result result = new Result(p.name(), decoy, p.repetitionRateHz(), p.signalProbability(), points, cutoff);
        Output.writeJson(result, common.json);
        print(result);
        return 0;
    }

    static DecoyMode decoyMode(String name) {
        return switch (name) {
            case "infinite" -> DecoyMode.INFINITE;
            case "vacuum+weak" -> DecoyMode.VACUUM_WEAK;
            case "none" -> DecoyMode.NONE;
            default -> throw new UsageError("--decoy '" + name + "' is not one of: infinite, vacuum+weak, none");
        };
    }

    /** Cut-off with μ held fixed: bisection on the secure rate, to 1 m. */
    private static double cutoffAtFixedMu(KeyRateModel model, DecoyMode mode, double mu) {
        if (model.at(0, mode, mu).securePerPulse() <= 0) {
            return 0;
        }
        double lo = 0;
        double hi = 10;
        while (model.at(hi, mode, mu).securePerPulse() > 0 && hi < 2000) {
            lo = hi;
            hi += 10;
        }
        while (hi - lo > 1e-3) {
            double mid = (lo + hi) / 2;
            if (model.at(mid, mode, mu).securePerPulse() > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void print(Result r) {
        var out = Output.human(common.json);
        out.printf("profile %s, decoy %s, %.3g Hz clock, %.0f%% signal pulses (per-second figures count signal pulses only)%n",
                r.profile(), r.decoy(), r.repetitionRateHz(), 100 * r.signalProbability());
        Output.Table t = new Output.Table("km", "mu", "gain", "QBER", "Y1_L", "e1_U", "sifted/pulse", "secure/pulse",
                "secure b/s", "PLOB/pulse");
        for (KeyRateModel.Point pt : r.points()) {
            t.row(pt.distanceKm(), pt.mu(), pt.gain(), pt.qber(), pt.y1Lower(), pt.e1Upper(), pt.siftedPerPulse(),
                    pt.securePerPulse(), pt.secureBitsPerSecond(), pt.plobPerPulse());
        }
        t.print(out);
        out.printf("cut-off distance: %.1f km%n", r.cutoffKm());
    }
}
