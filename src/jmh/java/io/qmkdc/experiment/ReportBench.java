package io.qmkdc.experiment;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hand-run timing of the four plots (PNG + SVG) and report.html on synthetic data; not a test.
 * Run: mvn -q -o test-compile && java -cp target/classes:target/test-classes:$(cat cp.txt) io.qmkdc.experiment.ReportBench
 */
public final class ReportBench {

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("report-bench");
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            Report.Input in = ReportFixture.input(dir);
            long t1 = System.nanoTime();
            Path html = Report.write(dir, in);
            long t2 = System.nanoTime();
            System.out.printf("round %d: 4 plots (PNG+SVG) %.0f ms, report.html %.1f ms, %d kB%n", round,
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, Files.size(html) / 1024);
        }
    }
}
