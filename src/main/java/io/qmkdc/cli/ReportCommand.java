package io.qmkdc.cli;

import io.qmkdc.experiment.Manifest;
import io.qmkdc.experiment.PointsCsv;
import io.qmkdc.experiment.SweepOutput;
import io.qmkdc.experiment.SweepPoint;
import io.qmkdc.experiment.SweepReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deploy/qmkdc report DIR}: (re)writes DIR/report.html and its plots from a sweep's files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write DIR/report.html (one self-contained page) and the plots from DIR/points.csv and DIR/manifest.json.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "a folder written by 'deploy/qmkdc sweep'")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Path points = dir.resolve(SweepOutput.POINTS_FILE);
        Path manifest = dir.resolve(SweepOutput.MANIFEST_FILE);
        for (Path f : new Path[] {points, manifest}) {
            if (!Files.isRegularFile(f)) {
                throw new UsageError("DIR: " + f + " not found (run 'deploy/qmkdc sweep --out " + dir + "' first)");
            }
        }
        List<SweepPoint> pts;
        Manifest m;
        try {
            pts = PointsCsv.read(points);
            m = Manifest.read(manifest);
        } catch (IOException | RuntimeException e) {
            throw new UsageError("DIR: cannot read the sweep files in " + dir + ": " + e.getMessage());
        }
        Path report = SweepReport.write(dir, m, pts, Profiles.load("paper"));
        System.out.println("wrote " + report);
        return 0;
    }
}
