package io.qmkdc.load;

import static org.junit.Assert.assertEquals;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LatencyTimelineTest {
    @Test
    public void deliveriesFallIntoTheSecondTheirMessageWasSent() {
        LatencyTimeline t = new LatencyTimeline();
        t.add(0, 1_000_000);             // second 0, 1 ms
        t.add(999_999, 60_000_000);      // second 0, 60 ms: slow
        t.add(2_500_000, 50_000_000);    // second 2, exactly 50 ms: not over
        t.add(200_000_000, 70_000_000);  // second 200: the arrays grow
        List<LatencyTimeline.Second> s = t.seconds();
        assertEquals(List.of(new LatencyTimeline.Second(0, 2, 1, 60.0), new LatencyTimeline.Second(2, 1, 0, 50.0),
                new LatencyTimeline.Second(200, 1, 1, 70.0)), s);
    }

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void theTimelineIsWrittenAsPicturesAndATable() throws Exception {
        LatencyTimeline t = new LatencyTimeline();
        for (int s = 0; s < 5; s++) {
            t.add(s * 1_000_000L, (s == 3 ? 80 : 2) * 1_000_000L);
        }
        Path dir = tmp.getRoot().toPath();
        LatencyPlot.write(t.seconds(), 1.0, List.of(2.5), dir);
        byte[] png = Files.readAllBytes(dir.resolve("latency-by-second.png"));
        assertTrue("a PNG", png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        assertTrue(Files.readString(dir.resolve("latency-by-second.svg")).contains("<svg"));
        List<String> csv = Files.readAllLines(dir.resolve("latency-by-second.csv"));
        assertEquals("second,deliveries,over50ms,maxMs", csv.get(0));
        assertEquals(6, csv.size());
        assertEquals("3,1,1,80.000", csv.get(4));
    }
}
