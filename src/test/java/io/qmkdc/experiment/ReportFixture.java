package io.qmkdc.experiment;

import io.qmkdc.optics.LinkProfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A report built from {@link SyntheticSweep} data, with hostile strings where text reaches the page. */
final class ReportFixture {

    static final String HOSTILE = "<script>alert('x')</script> & \"co\"";

    private ReportFixture() {
    }

    static Report.Input input(Path dir) throws IOException {
        List<SweepPoint> pts = SyntheticSweep.distancePoints();
        List<Plots.Written> written = List.of(
                Plots.write(Plots.keyRateVsDistance(pts, SyntheticSweep.keyRateCurves()), dir, Plots.KEYRATE_VS_DISTANCE),
                Plots.write(Plots.qberVsDistance(pts, List.of(SyntheticSweep.qberCurve()), 0.11), dir,
                        Plots.QBER_VS_DISTANCE),
                Plots.write(Plots.qberAndErrorsVsKeyRate(pts, List.of(), List.of()), dir,
                        Plots.QBER_AND_ERRORS_VS_KEYRATE),
                Plots.write(Plots.eveFraction(SyntheticSweep.evePoints(25), 25, 0.035), dir, Plots.EVE_FRACTION));
        List<Report.Figure> figs = new ArrayList<>();
        for (Plots.Written w : written) {
            figs.add(Report.Figure.of(w));
        }
        LinkProfile hostileProfile = new LinkProfile(HOSTILE, 0.21, 0.045, 1.7e-6, 0.033, 1.22, 0.5, 1550, 1e9,
                Double.NaN, 0.1, 0.8, 0.1, 0.11);
        Manifest m = new Manifest(hostileProfile, 42, 1_000_000, "unknown", "17", HOSTILE, "Linux", "6", "amd64",
                3.25, "2025-01-01T00:00:00Z");
        List<Comparison> rows = new ArrayList<>();
        for (PaperReference r : PaperReference.values()) {
            rows.add(r.versus(r.value() * 1.01, r.value() * 0.02));
        }
        rows.add(new Comparison("fig. 99", HOSTILE, "L = 1 km", 1, Double.NaN, Double.NaN, "%"));
        return new Report.Input("Sweep " + HOSTILE, m, figs, rows, "notes " + HOSTILE);
    }
}
