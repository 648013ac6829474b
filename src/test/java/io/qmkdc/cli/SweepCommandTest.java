package io.qmkdc.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SweepCommandTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void sweepWritesItsFilesAndReportRewritesThem() throws Exception {
        Path out = tmp.getRoot().toPath().resolve("sweep");
        int code = Main.execute("sweep", "--from", "0", "--to", "20", "--step", "10", "--pulses", "1e8",
                "--eve-fractions", "0:0.2:0.1", "--out", out.toString());
        assertEquals(0, code);
        for (String f : new String[] {"points.csv", "manifest.json", "report.html", "keyrate-vs-distance.png",
                "keyrate-vs-distance.svg", "qber-vs-distance.svg", "qber-and-errors-vs-keyrate.svg", "eve-fraction.svg"}) {
            assertTrue(f, Files.isRegularFile(out.resolve(f)));
        }
        // 3 distances + 3 fractions, a header line.
        assertEquals(7, Files.readAllLines(out.resolve("points.csv")).size());
        Files.delete(out.resolve("report.html"));
        assertEquals(0, Main.execute("report", out.toString()));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("fig. 10"));
        assertTrue(html.contains("cannot all hold at once"));
    }

    @Test
    public void reportOfAFolderWithoutSweepIsAUsageError() {
        assertEquals(2, Main.execute("report", tmp.getRoot().toString()));
    }
}
