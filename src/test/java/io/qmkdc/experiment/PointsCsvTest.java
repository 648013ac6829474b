package io.qmkdc.experiment;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Path;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class PointsCsvTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void roundTripIsExactThroughAFile() throws Exception {
        List<SweepPoint> pts = SyntheticSweep.distancePoints();
        Path f = tmp.getRoot().toPath().resolve("points.csv");
        PointsCsv.write(f, pts);
        assertEquals(pts, PointsCsv.read(f));
    }

    @Test
    public void modesWithCommasQuotesAndLineBreaksSurvive() {
        String awkward = "Eve \"IR\", p=0.5\r\nsecond line\nthird";
        SweepPoint p = new SweepPoint(12.5, awkward, 0.5, Estimate.of(1e-3, 2e-5), Estimate.of(0.15, 0.01),
                null, Estimate.of(0.0, 0.0), null, null);
        List<SweepPoint> back = PointsCsv.parse(PointsCsv.format(List.of(p, p)));
        assertEquals(List.of(p, p), back);
        assertEquals(awkward, back.get(0).mode());
        assertTrue("unmeasured values stay NaN", Double.isNaN(back.get(0).siftedBitsPerSecond().value()));
    }

    @Test
    public void quotingFollowsRfc4180() {
        // RFC 4180 §2.6–2.7: fields with comma, quote or line break are quoted; quotes are doubled.
        assertEquals("plain", PointsCsv.quote("plain"));
        assertEquals("\"a,b\"", PointsCsv.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", PointsCsv.quote("say \"hi\""));
        assertEquals("\"x\ny\"", PointsCsv.quote("x\ny"));
        String csv = PointsCsv.format(List.of());
        assertEquals(String.join(",", PointsCsv.HEADER) + "\r\n", csv);
    }

    @Test
    public void readerFindsColumnsByNameAndIgnoresExtras() {
        String csv = "extra,mode,distance_km,eve_fraction,gain,gain_se,qber,qber_se,sifted_bps,sifted_bps_se,"
                + "secure_bps,secure_bps_se,final_key_per_pulse,final_key_per_pulse_se,errors_bps,errors_bps_se\n"
                + "zz,m,35,,,,0.03,0.001,1395640,,993000,1000,,,,\n";
        SweepPoint p = PointsCsv.parse(csv).get(0);
        assertEquals(35.0, p.distanceKm(), 0);
        assertEquals("m", p.mode());
        assertEquals(993000.0, p.secureBitsPerSecond().value(), 0);
        assertEquals(1000.0, p.secureBitsPerSecond().standardError(), 0);
        assertTrue(Double.isNaN(p.siftedBitsPerSecond().standardError()));
        assertTrue(!p.hasEve());
    }

    @Test(expected = IllegalArgumentException.class)
    public void missingColumnIsRejected() {
        PointsCsv.parse("distance_km,mode\n1,a\n");
    }

    @Test(expected = IllegalArgumentException.class)
    public void unterminatedQuoteIsRejected() {
        PointsCsv.parse(String.join(",", PointsCsv.HEADER) + "\n1,\"open");
    }

    @Test(expected = IllegalArgumentException.class)
    public void nonNumberIsRejected() {
        PointsCsv.parse(String.join(",", PointsCsv.HEADER) + "\nabc,m,,,,,,,,,,,,,\n");
    }
}
