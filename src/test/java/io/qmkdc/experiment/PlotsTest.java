package io.qmkdc.experiment;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class PlotsTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    public void keyRateFigureHasLogAxisLabelsLegendAndBothFiles() throws Exception {
        JFreeChart chart = Plots.keyRateVsDistance(SyntheticSweep.distancePoints(), SyntheticSweep.keyRateCurves());
        assertTrue("key rates span decades, so Y is logarithmic", chart.getXYPlot().getRangeAxis() instanceof LogAxis);
        List<String> legend = new ArrayList<>(List.of("secure, " + SyntheticSweep.MODE, "sifted, " + SyntheticSweep.MODE));
        legend.addAll(Arrays.asList(SyntheticSweep.CURVE_LABELS));
        checkWritten(chart, Plots.KEYRATE_VS_DISTANCE, List.of(Plots.DISTANCE_AXIS, Plots.KEYRATE_AXIS), legend);
    }

    @Test
    public void keyRateDropsNonPositivePointsOnLogAxis() {
        // The synthetic sweep has zero secure key at 140 km: that point cannot sit on a log axis.
        JFreeChart chart = Plots.keyRateVsDistance(SyntheticSweep.distancePoints(), List.of());
        double[] x = xs(chart, "secure, " + SyntheticSweep.MODE);
        assertEquals(7, x.length);
        assertFalse(Arrays.stream(x).anyMatch(v -> v == 140));
        assertEquals(8, xs(chart, "sifted, " + SyntheticSweep.MODE).length);
    }

    @Test
    public void errorBarsCarryTheStandardErrors() {
        List<SweepPoint> pts = SyntheticSweep.distancePoints();
        JFreeChart chart = Plots.qberVsDistance(pts, List.of(), 0.11);
        Found f = find(chart, "QBER, " + SyntheticSweep.MODE);
        IntervalXYDataset d = (IntervalXYDataset) f.dataset;
        for (int i = 0; i < pts.size(); i++) {
            double y = 100 * pts.get(i).qber().value();
            double se = 100 * pts.get(i).qber().standardError();
            assertEquals(y, d.getYValue(f.series, i), 1e-12);
            assertEquals(y - se, d.getStartYValue(f.series, i), 1e-12);
            assertEquals(y + se, d.getEndYValue(f.series, i), 1e-12);
        }
    }

    @Test
    public void qberFigureWritten() throws Exception {
        JFreeChart chart = Plots.qberVsDistance(SyntheticSweep.distancePoints(), List.of(SyntheticSweep.qberCurve()), 0.11);
        checkWritten(chart, Plots.QBER_VS_DISTANCE, List.of(Plots.DISTANCE_AXIS, Plots.QBER_AXIS),
                List.of("QBER, " + SyntheticSweep.MODE, "analytic QBER", "threshold P_o = 11.0 %"));
    }

    @Test
    public void qberAndErrorsFigureHasTwoAxes() throws Exception {
        JFreeChart chart = Plots.qberAndErrorsVsKeyRate(SyntheticSweep.distancePoints(), List.of(), List.of());
        XYPlot plot = chart.getXYPlot();
        assertEquals(Plots.ERRORS_AXIS, plot.getRangeAxisForDataset(find(chart, "errors, " + SyntheticSweep.MODE).index).getLabel());
        assertEquals(Plots.QBER_AXIS, plot.getRangeAxisForDataset(find(chart, "QBER, " + SyntheticSweep.MODE).index).getLabel());
        assertTrue("synthetic secure rates span > 2 decades", plot.getDomainAxis() instanceof LogAxis);
        checkWritten(chart, Plots.QBER_AND_ERRORS_VS_KEYRATE,
                List.of(Plots.SECURE_RATE_AXIS, Plots.QBER_AXIS, Plots.ERRORS_AXIS),
                List.of("QBER, " + SyntheticSweep.MODE, "errors, " + SyntheticSweep.MODE));
    }

    @Test
    public void eveFigureHasReferenceLineAtQuarterP() throws Exception {
        JFreeChart chart = Plots.eveFraction(SyntheticSweep.evePoints(25), 25, 0.02);
        Found ref = find(chart, "reference 2.00 % + 100·p/4 %");
        double[] refY = {ref.dataset.getYValue(ref.series, 0), ref.dataset.getYValue(ref.series, 1)};
        // p runs to 1: 2 % intrinsic + 100·1/4 % = 27 %.
        assertArrayEquals(new double[] {2.0, 27.0}, refY, 1e-12);
        checkWritten(chart, Plots.EVE_FRACTION, List.of(Plots.EVE_AXIS, Plots.QBER_AXIS, Plots.FINAL_KEY_AXIS),
                List.of("QBER, intercept-resend", "final key, intercept-resend"));
    }

    @Test
    public void eveFigureIgnoresOtherDistances() {
        JFreeChart chart = Plots.eveFraction(SyntheticSweep.evePoints(50), 25, 0.0);
        assertEquals(null, find(chart, "QBER, intercept-resend"));
        assertTrue(find(chart, "reference 0.00 % + 100·p/4 %") != null);
    }

    @Test(expected = IllegalArgumentException.class)
    public void writeRejectsPathLikeNames() throws IOException {
        Plots.write(Plots.qberVsDistance(List.of(), List.of(), 0.11), tmp.getRoot().toPath(), "../x");
    }

    private void checkWritten(JFreeChart chart, String name, List<String> axisTitles, List<String> legend) throws Exception {
        Path dir = tmp.newFolder().toPath();
        Plots.Written w = Plots.write(chart, dir, name);
        assertEquals(dir.resolve(name + ".png"), w.png());

        byte[] png = Files.readAllBytes(w.png());
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8));
        BufferedImage img = ImageIO.read(w.png().toFile());
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());

        String text = svgText(w.svg());
        for (String s : axisTitles) {
            assertTrue("SVG lacks axis title '" + s + "'", text.contains(s));
        }
        for (String s : legend) {
            assertTrue("SVG lacks legend label '" + s + "'", text.contains(s));
        }
    }

    record Found(int index, XYDataset dataset, int series) {
    }

    /** The dataset and series index holding the series with legend label {@code key}, or null. */
    static Found find(JFreeChart chart, String key) {
        XYPlot plot = chart.getXYPlot();
        for (int i = 0; i < plot.getDatasetCount(); i++) {
            XYDataset d = plot.getDataset(i);
            if (d == null) {
                continue;
            }
            for (int s = 0; s < d.getSeriesCount(); s++) {
                if (key.equals(d.getSeriesKey(s))) {
                    return new Found(i, d, s);
                }
            }
        }
        return null;
    }

    static double[] xs(JFreeChart chart, String key) {
        Found f = find(chart, key);
        double[] x = new double[f.dataset.getItemCount(f.series)];
        for (int i = 0; i < x.length; i++) {
            x[i] = f.dataset.getXValue(f.series, i);
        }
        return x;
    }

    /** Parses the SVG (no DTD fetch) and returns the text of all its elements. */
    static String svgText(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        NodeList texts = doc.getElementsByTagNameNS("*", "text");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < texts.getLength(); i++) {
            sb.append(texts.item(i).getTextContent()).append('\n');
        }
        return sb.toString();
    }
}
