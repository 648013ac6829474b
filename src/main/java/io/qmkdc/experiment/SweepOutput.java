package io.qmkdc.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes everything a sweep leaves behind into one folder: {@code points.csv},
 * {@code manifest.json}, each figure as {@code .png} and {@code .svg}, and {@code report.html}.
 * The eavesdropper figure is drawn only when some point has an eavesdropper fraction.
 */
public final class SweepOutput {

    public static final String POINTS_FILE = "points.csv";
    public static final String MANIFEST_FILE = "manifest.json";

    /**
     * What a sweep hands over. Curves use the units of {@link Plots}: bit/s for rates, fractions for QBER.
     *
     * @param title              report title
     * @param manifest           run metadata
     * @param points             emulated points (distance sweep and, optionally, Eve-fraction points)
     * @param keyRateCurves      analytic key-rate curves over km (fig. 10)
     * @param qberCurves         analytic QBER curves over km (fig. 11)
     * @param qberVsRateCurves   analytic QBER over secure bit/s (fig. 12, left axis)
     * @param errorsVsRateCurves analytic errors bit/s over secure bit/s (fig. 12, right axis)
     * @param eveDistanceKm      distance of the Eve-fraction points
     * @param intrinsicQber      QBER without Eve at that distance, for the p/4 reference line
     * @param comparisons        paper vs ours rows
     * @param notes              text shown under the report's title (may be empty)
     */
    public record SweepData(String title, Manifest manifest, List<SweepPoint> points, List<Curve> keyRateCurves,
                            List<Curve> qberCurves, List<Curve> qberVsRateCurves, List<Curve> errorsVsRateCurves,
                            double eveDistanceKm, double intrinsicQber, List<Comparison> comparisons,
                            String notes) {
        public SweepData {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(manifest, "manifest");
            points = List.copyOf(points);
            keyRateCurves = List.copyOf(keyRateCurves);
            qberCurves = List.copyOf(qberCurves);
            qberVsRateCurves = List.copyOf(qberVsRateCurves);
            errorsVsRateCurves = List.copyOf(errorsVsRateCurves);
            comparisons = List.copyOf(comparisons);
        }
    }

    private SweepOutput() {
    }

    /** Writes all files into {@code dir} and returns the path of {@code report.html}. */
    public static Path write(Path dir, SweepData d) throws IOException {
        Files.createDirectories(dir);
        PointsCsv.write(dir.resolve(POINTS_FILE), d.points());
        d.manifest().write(dir.resolve(MANIFEST_FILE));
        List<SweepPoint> distance = d.points().stream().filter(p -> !p.hasEve()).toList();
        double threshold = d.manifest().profile().qberThreshold();
        List<Plots.Written> written = new ArrayList<>();
        written.add(Plots.write(Plots.keyRateVsDistance(distance, d.keyRateCurves()), dir, Plots.KEYRATE_VS_DISTANCE));
        written.add(Plots.write(Plots.qberVsDistance(distance, d.qberCurves(), threshold), dir, Plots.QBER_VS_DISTANCE));
        written.add(Plots.write(Plots.qberAndErrorsVsKeyRate(distance, d.qberVsRateCurves(), d.errorsVsRateCurves()),
                dir, Plots.QBER_AND_ERRORS_VS_KEYRATE));
        if (d.points().stream().anyMatch(SweepPoint::hasEve)) {
            written.add(Plots.write(Plots.eveFraction(d.points(), d.eveDistanceKm(), d.intrinsicQber()), dir,
                    Plots.EVE_FRACTION));
        }
        List<Report.Figure> figures = new ArrayList<>();
        for (Plots.Written w : written) {
            figures.add(Report.Figure.of(w));
        }
        return Report.write(dir, new Report.Input(d.title(), d.manifest(), figures, d.comparisons(), d.notes()));
    }
}
