package io.qmkdc.experiment;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The four sweep figures (paper 3.3, fig. 10–12, plus the intercept-resend check), built from
 * data records with JFreeChart and written as PNG and SVG (JFreeSVG). Emulated points are
 * markers with ±1 standard-error bars; analytic {@link Curve}s are lines. On a logarithmic axis,
 * points and curve samples ≤ 0 (no key beyond the cut-off) cannot be drawn and are left out,
 * and an error bar reaching below zero is cut at a tenth of its point's value.
 */
public final class Plots {

    public static final String KEYRATE_VS_DISTANCE = "keyrate-vs-distance";
    public static final String QBER_VS_DISTANCE = "qber-vs-distance";
    public static final String QBER_AND_ERRORS_VS_KEYRATE = "qber-and-errors-vs-keyrate";
    public static final String EVE_FRACTION = "eve-fraction";

    /** Pixel size of every PNG (and the SVG's width and height). */
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 650;

    public static final String DISTANCE_AXIS = "fiber length L (km)";
    public static final String KEYRATE_AXIS = "key rate (bit/s)";
    public static final String QBER_AXIS = "QBER (%)";
    public static final String ERRORS_AXIS = "erroneous sifted bits (bit/s)";
    public static final String SECURE_RATE_AXIS = "secure key rate (bit/s)";
    public static final String EVE_AXIS = "intercepted fraction p";
    public static final String FINAL_KEY_AXIS = "final key (bit/pulse)";

    private static final StandardChartTheme THEME = theme();

    static {
        // Charts are drawn off-screen: servers and CI have no display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // Rotated labels through rotate + drawString (not glyph outlines), so the SVG keeps them as text.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    /** A chart written to disk. */
    public record Written(String name, Path png, Path svg) {
    }

    private Plots() {
    }

    /**
     * Fig. 10: secure and sifted key rate (bit/s, log scale) against fiber length, one pair of
     * point series per mode, beside analytic curves in bit/s (e.g. infinite decoy, vacuum+weak,
     * finite key at block size N, PLOB bound).
     */
    public static JFreeChart keyRateVsDistance(List<SweepPoint> points, List<Curve> curves) {
        Figure f = new Figure(new NumberAxis(DISTANCE_AXIS), logAxis(KEYRATE_AXIS));
        for (Map.Entry<String, List<SweepPoint>> mode : byMode(points, SweepPoint::distanceKm).entrySet()) {
            f.points(0, "secure, " + mode.getKey(), mode.getValue(), SweepPoint::distanceKm,
                    SweepPoint::secureBitsPerSecond, 1.0);
            f.points(0, "sifted, " + mode.getKey(), mode.getValue(), SweepPoint::distanceKm,
                    SweepPoint::siftedBitsPerSecond, 1.0);
        }
        curves.forEach(c -> f.curve(0, c, false));
        return f.chart("Key rate vs distance (cf. paper fig. 10)");
    }

    /**
     * Fig. 11: QBER (%) against fiber length per mode; {@code qberCurves} are fractions (drawn
     * in %); {@code qberThreshold} P_o (fraction) is drawn as a dashed line unless NaN.
     */
    public static JFreeChart qberVsDistance(List<SweepPoint> points, List<Curve> qberCurves, double qberThreshold) {
        Figure f = new Figure(new NumberAxis(DISTANCE_AXIS), new NumberAxis(QBER_AXIS));
        double maxX = 0;
        for (Map.Entry<String, List<SweepPoint>> mode : byMode(points, SweepPoint::distanceKm).entrySet()) {
            f.points(0, "QBER, " + mode.getKey(), mode.getValue(), SweepPoint::distanceKm, SweepPoint::qber, 100.0);
            maxX = Math.max(maxX, last(mode.getValue()).distanceKm());
        }
        for (Curve c : qberCurves) {
            f.curve(0, c.scaledY(100.0), false);
            for (double x : c.x()) {
                maxX = Math.max(maxX, x);
            }
        }
        if (!Double.isNaN(qberThreshold)) {
            double p = 100 * qberThreshold;
            f.curve(0, new Curve(String.format("threshold P_o = %.3g %%", p),
                    new double[] {0, maxX > 0 ? maxX : 1}, new double[] {p, p}), true);
        }
        return f.chart("QBER vs distance (cf. paper fig. 11)");
    }

    /**
     * Fig. 12: QBER (%, left axis) and erroneous sifted bits per second (right axis) against the
     * secure key rate; the rate axis is logarithmic when it spans more than two decades.
     * {@code qberCurves} are fractions over secure bit/s; {@code errorCurves} are bit/s over secure bit/s.
     */
    public static JFreeChart qberAndErrorsVsKeyRate(List<SweepPoint> points, List<Curve> qberCurves,
                                                    List<Curve> errorCurves) {
        Function<SweepPoint, Double> rate = p -> p.secureBitsPerSecond().value();
        List<SweepPoint> usable = points.stream().filter(p -> rate.apply(p) > 0).toList();
        boolean logX = spansDecades(usable.stream().mapToDouble(rate::apply).toArray(), 2);
        Figure f = new Figure(logX ? logAxis(SECURE_RATE_AXIS) : new NumberAxis(SECURE_RATE_AXIS),
                new NumberAxis(QBER_AXIS), new NumberAxis(ERRORS_AXIS));
        for (Map.Entry<String, List<SweepPoint>> mode : byMode(usable, rate).entrySet()) {
            f.points(0, "QBER, " + mode.getKey(), mode.getValue(), rate, SweepPoint::qber, 100.0);
            f.points(1, "errors, " + mode.getKey(), mode.getValue(), rate, SweepPoint::errorsPerSecond, 1.0);
        }
        qberCurves.forEach(c -> f.curve(0, c.scaledY(100.0), false));
        errorCurves.forEach(c -> f.curve(1, c, false));
        return f.chart("QBER and errors vs secure key rate (cf. paper fig. 12)");
    }

    /**
     * Intercept-resend on a fraction p of pulses at one distance: QBER (%, left axis) and final
     * key per pulse (right axis) against p, with the reference QBER {@code intrinsicQber + p/4}
     * (DESIGN §8: a measured basis is wrong half the time, then the bit is wrong half the time).
     * Uses only the points at {@code distanceKm} that have an eavesdropper fraction (record p = 0 explicitly).
     */
    public static JFreeChart eveFraction(List<SweepPoint> points, double distanceKm, double intrinsicQber) {
        Figure f = new Figure(new NumberAxis(EVE_AXIS), new NumberAxis(QBER_AXIS), new NumberAxis(FINAL_KEY_AXIS));
        List<SweepPoint> here = points.stream()
                .filter(p -> p.hasEve() && Math.abs(p.distanceKm() - distanceKm) < 1e-9).toList();
        double maxP = 0;
        for (Map.Entry<String, List<SweepPoint>> mode : byMode(here, SweepPoint::eveFraction).entrySet()) {
            f.points(0, "QBER, " + mode.getKey(), mode.getValue(), SweepPoint::eveFraction, SweepPoint::qber, 100.0);
            f.points(1, "final key, " + mode.getKey(), mode.getValue(), SweepPoint::eveFraction,
                    SweepPoint::finalKeyPerPulse, 1.0);
            maxP = Math.max(maxP, last(mode.getValue()).eveFraction());
        }
        double top = maxP > 0 ? maxP : 1.0;
        f.curve(0, new Curve(String.format("reference %.3g %% + 100·p/4 %%", 100 * intrinsicQber),
                new double[] {0, top}, new double[] {100 * intrinsicQber, 100 * (intrinsicQber + top / 4)}), true);
        return f.chart(String.format("Intercept-resend on a fraction p of pulses, L = %.4g km", distanceKm));
    }

    /** Writes {@code chart} as {@code dir/name.png} and {@code dir/name.svg}, both {@link #WIDTH}×{@link #HEIGHT}. */
    public static Written write(JFreeChart chart, Path dir, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("name must be a plain file stem [A-Za-z0-9._-]+, was '" + name + "'");
        }
        Files.createDirectories(dir);
        Path png = dir.resolve(name + ".png");
        Path svg = dir.resolve(name + ".svg");
        try (OutputStream out = Files.newOutputStream(png)) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        }
        Files.writeString(svg, svgDocument(chart), StandardCharsets.UTF_8);
        return new Written(name, png, svg);
    }

    /** The chart as a standalone SVG document (XML prolog, text as {@code <text>}). */
    public static String svgDocument(JFreeChart chart) {
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g2.getSVGDocument();
    }

    // --- helpers -------------------------------------------------------------------------------

    /** One plot being assembled: a dataset of points and one of curves per range axis. */
    private static final class Figure {
        private final XYPlot plot = new XYPlot();
        private final List<YIntervalSeriesCollection> pointSets = new ArrayList<>();
        private final List<XYSeriesCollection> curveSets = new ArrayList<>();
        private final List<XYLineAndShapeRenderer> curveRenderers = new ArrayList<>();
        private final boolean[] logRange;
        private final JFreeChart chart;

        Figure(ValueAxis domain, ValueAxis... ranges) {
            plot.setDomainAxis(domain);
            logRange = new boolean[ranges.length];
            for (int a = 0; a < ranges.length; a++) {
                plot.setRangeAxis(a, ranges[a]);
                logRange[a] = ranges[a] instanceof LogAxis;
                if (ranges[a] instanceof NumberAxis n) {
                    n.setAutoRangeIncludesZero(true);
                }
                YIntervalSeriesCollection pts = new YIntervalSeriesCollection();
                XYErrorRenderer er = new XYErrorRenderer();
                er.setDrawXError(false);
                er.setDrawYError(true);
                er.setCapLength(6);
                er.setDefaultLinesVisible(true);
                er.setDefaultShapesVisible(true);
                er.setDefaultStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                        new float[] {2f, 3f}, 0f));
                er.setAutoPopulateSeriesStroke(false);
                XYSeriesCollection cur = new XYSeriesCollection();
                XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
                lr.setDefaultStroke(new BasicStroke(2f));
                lr.setAutoPopulateSeriesStroke(false);
                int pi = 2 * a;
                plot.setDataset(pi, pts);
                plot.setRenderer(pi, er);
                plot.mapDatasetToRangeAxis(pi, a);
                plot.setDataset(pi + 1, cur);
                plot.setRenderer(pi + 1, lr);
                plot.mapDatasetToRangeAxis(pi + 1, a);
                pointSets.add(pts);
                curveSets.add(cur);
                curveRenderers.add(lr);
            }
            if (domain instanceof NumberAxis n) {
                n.setAutoRangeIncludesZero(true);
            }
            // The theme resets renderer paints, so it goes first and per-series styles after it.
            chart = new JFreeChart(" ", JFreeChart.DEFAULT_TITLE_FONT, plot, true); // title text set last
            THEME.apply(chart);
            chart.setBackgroundPaint(Color.WHITE);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(new Color(210, 210, 210));
            plot.setRangeGridlinePaint(new Color(210, 210, 210));
            plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
            plot.setOutlinePaint(Color.GRAY);
        }

        /** Adds one marker series with ±1 SE bars; skips unmeasured points (and ≤ 0 ones on a log axis). */
        void points(int axis, String label, List<SweepPoint> pts, Function<SweepPoint, Double> x,
                    Function<SweepPoint, Estimate> y, double scale) {
            boolean logY = logRange[axis];
            boolean logX = plot.getDomainAxis() instanceof LogAxis;
            YIntervalSeries s = new YIntervalSeries(label, false, true);
            for (SweepPoint p : pts) {
                Estimate e = y.apply(p).scaled(scale);
                double xv = x.apply(p);
                if (!e.isMeasured() || Double.isNaN(xv) || (logY && e.value() <= 0) || (logX && xv <= 0)) {
                    continue;
                }
                double bar = e.errorBar();
                double low = e.value() - bar;
                if (logY && low <= 0) {
                    low = e.value() / 10;
                }
                s.add(xv, e.value(), low, e.value() + bar);
            }
            if (s.getItemCount() > 0) {
                pointSets.get(axis).addSeries(s);
            }
        }

        void curve(int axis, Curve c, boolean dashed) {
            boolean logY = logRange[axis];
            boolean logX = plot.getDomainAxis() instanceof LogAxis;
            XYSeries s = new XYSeries(c.label(), false, true);
            double[] x = c.x();
            double[] y = c.y();
            for (int i = 0; i < x.length; i++) {
                if (!Double.isNaN(x[i]) && !Double.isNaN(y[i]) && !(logY && y[i] <= 0) && !(logX && x[i] <= 0)) {
                    s.add(x[i], y[i]);
                }
            }
            if (s.getItemCount() == 0) {
                return;
            }
            XYSeriesCollection set = curveSets.get(axis);
            set.addSeries(s);
            if (dashed) {
                XYLineAndShapeRenderer r = curveRenderers.get(axis);
                int i = set.getSeriesCount() - 1;
                r.setSeriesStroke(i, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                        new float[] {8f, 6f}, 0f));
                r.setSeriesPaint(i, Color.DARK_GRAY);
            }
        }

        JFreeChart chart(String title) {
            chart.setTitle(title);
            return chart;
        }
    }

    private static LogAxis logAxis(String label) {
        LogAxis a = new LogAxis(label);
        a.setSmallestValue(1e-300);
        a.setNumberFormatOverride(new SiFormat());
        a.setTickUnit(new NumberTickUnit(1.0), false, true); // one labelled tick per decade
        a.setMinorTickCount(9);
        a.setMinorTickMarksVisible(true);
        return a;
    }

    private static StandardChartTheme theme() {
        // Logical font "SansSerif": present on every JVM, written as sans-serif in the SVG.
        StandardChartTheme t = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        t.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        t.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        t.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        t.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        t.setShadowVisible(false);
        // Okabe–Ito colours: distinguishable with colour-vision deficiencies and on white (no yellow).
        Paint[] paints = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), Color.BLACK, new Color(0x8C564B)};
        t.setDrawingSupplier(new DefaultDrawingSupplier(paints, paints,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.createStandardSeriesShapes()));
        return t;
    }

    private static Map<String, List<SweepPoint>> byMode(List<SweepPoint> points, Function<SweepPoint, Double> x) {
        Map<String, List<SweepPoint>> m = new LinkedHashMap<>();
        for (SweepPoint p : points) {
            m.computeIfAbsent(p.mode(), k -> new ArrayList<>()).add(p);
        }
        m.values().forEach(l -> l.sort(Comparator.comparing(x)));
        return m;
    }

    private static SweepPoint last(List<SweepPoint> l) {
        return l.get(l.size() - 1);
    }

    static boolean spansDecades(double[] values, double decades) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : values) {
            if (v > 0) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max > 0 && Math.log10(max / min) > decades;
    }
}
