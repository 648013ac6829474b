package io.qmkdc.load;

import io.qmkdc.experiment.Plots;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A load run's latency by second of traffic as pictures and a table: {@code latency-by-second.png/.svg}
 * (slowest delivery and share over 50 ms per second; the end of the warm-up and each kill marked)
 * and {@code latency-by-second.csv}.
 */
public final class LatencyPlot {
    public static final String NAME = "latency-by-second";

    private LatencyPlot() {
    }

    /** Writes the three files into {@code dir}; {@code faultSeconds}: when nodes were killed. */
    public static Plots.Written write(List<LatencyTimeline.Second> seconds, double warmupSeconds,
            List<Double> faultSeconds, Path dir) throws IOException {
        XYSeries max = new XYSeries("slowest delivery (ms)");
        XYSeries slow = new XYSeries("deliveries over 50 ms (%)");
        StringBuilder csv = new StringBuilder("second,deliveries,over50ms,maxMs\n");
        for (LatencyTimeline.Second s : seconds) {
            max.add(s.second(), s.maxMs());
            slow.add(s.second(), 100.0 * s.over50ms() / s.deliveries());
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%.3f%n", s.second(), s.deliveries(), s.over50ms(), s.maxMs()));
        }
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(new NumberAxis("second of traffic (message sent)"));
        plot.setRangeAxis(0, new NumberAxis("slowest delivery (ms)"));
        plot.setRangeAxis(1, new NumberAxis("deliveries over 50 ms (%)"));
        plot.setDataset(0, new XYSeriesCollection(max));
        plot.setDataset(1, new XYSeriesCollection(slow));
        plot.mapDatasetToRangeAxis(0, 0);
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer a = new XYLineAndShapeRenderer(true, false);
        a.setSeriesPaint(0, new Color(0x1f77b4));
        XYLineAndShapeRenderer b = new XYLineAndShapeRenderer(true, false);
        b.setSeriesPaint(0, new Color(0xd62728));
        plot.setRenderer(0, a);
        plot.setRenderer(1, b);
        ValueMarker target = new ValueMarker(50, Color.GRAY, new BasicStroke(1f));
        target.setLabel("50 ms");
        plot.addRangeMarker(target);
        if (warmupSeconds > 0) {
            ValueMarker w = new ValueMarker(warmupSeconds, Color.DARK_GRAY, new BasicStroke(1.5f));
            w.setLabel("end of warm-up");
            plot.addDomainMarker(w);
        }
        for (double f : faultSeconds) {
            ValueMarker k = new ValueMarker(f, Color.RED, new BasicStroke(1.5f));
            k.setLabel("kill");
            plot.addDomainMarker(k);
        }
        JFreeChart chart = new JFreeChart("Delivery latency by second of traffic", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Plots.Written w = Plots.write(chart, dir, NAME);
        Files.writeString(dir.resolve(NAME + ".csv"), csv, StandardCharsets.UTF_8);
        return w;
    }
}
