package io.qmkdc.experiment;

import io.qmkdc.optics.LinkProfile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class SweepOutputTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void writesDataFiguresAndReport() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("out");
        List<SweepPoint> pts = new ArrayList<>(SyntheticSweep.distancePoints());
        pts.addAll(SyntheticSweep.evePoints(25));
        Manifest m = new Manifest(LinkProfile.gys(), 1, 10, "unknown", "17", "v", "Linux", "6", "amd64", 1, "t");
        SweepOutput.SweepData d = new SweepOutput.SweepData("t", m, pts, SyntheticSweep.keyRateCurves(),
                List.of(SyntheticSweep.qberCurve()), List.of(), List.of(), 25, 0.035,
                List.of(PaperReference.FIG10_SECURE_35KM.versus(Estimate.of(990e3, 5e3))), "a note");
        Path report = SweepOutput.write(dir, d);
        assertEquals(dir.resolve("report.html"), report);
        assertEquals(pts, PointsCsv.read(dir.resolve("points.csv")));
        assertEquals(m, Manifest.read(dir.resolve("manifest.json")));
        for (String n : List.of(Plots.KEYRATE_VS_DISTANCE, Plots.QBER_VS_DISTANCE, Plots.QBER_AND_ERRORS_VS_KEYRATE,
                Plots.EVE_FRACTION)) {
            assertTrue(n, Files.isRegularFile(dir.resolve(n + ".png")));
            assertTrue(n, Files.isRegularFile(dir.resolve(n + ".svg")));
        }
        assertEquals(4, ReportTest.count(Files.readString(report), "data:image/svg+xml;base64,"));
        assertTrue(Files.readString(report).contains("a note"));
    }

    @Test
    public void noEveFigureWithoutEvePoints() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Manifest m = new Manifest(LinkProfile.gys(), 1, 10, "unknown", "17", "v", "Linux", "6", "amd64", 1, "t");
        SweepOutput.write(dir, new SweepOutput.SweepData("t", m, SyntheticSweep.distancePoints(), List.of(),
                List.of(), List.of(), List.of(), 0, 0, List.of(), ""));
        assertFalse(Files.exists(dir.resolve(Plots.EVE_FRACTION + ".png")));
        assertEquals(3, ReportTest.count(Files.readString(dir.resolve("report.html")), "data:image/svg+xml;base64,"));
    }
}
