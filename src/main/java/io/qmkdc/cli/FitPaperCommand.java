package io.qmkdc.cli;

import io.qmkdc.experiment.Comparison;
import io.qmkdc.experiment.PaperProfileFit;
import io.qmkdc.optics.LinkProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deploy/qmkdc fit-paper}: fits the {@code paper} profile to the paper's figure 10. */
@Command(name = "fit-paper", mixinStandardHelpOptions = true,
        description = "Least-squares fit of clock, α, μ and e_d to the paper's fig. 10; compares figs. 10-12.")
final class FitPaperCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--base", defaultValue = "gys", description = "profile whose η_det, Y0, f, q, ν are held fixed (default ${DEFAULT-VALUE})")
    String base;

    @Option(names = "--write", paramLabel = "FILE", description = "write the fitted profile as HOCON (e.g. conf/profiles/paper.conf)")
    String write;

    @Override
    public Integer call() {
        LinkProfile b = Profiles.load(base);
        PaperProfileFit.Result r = PaperProfileFit.fit(b);
        PrintStream out = Output.human(common.json);
        out.printf("fit of fig. 10 (GLLP, infinite decoy) from base profile %s: %d iterations, rms log residual %.2e%n",
                b.name(), r.iterations(), r.rmsLogResidual());
        Output.Table params = new Output.Table("parameter", "fitted", "held");
        params.row("clock rate (Hz)", r.repetitionRateHz(), "");
        params.row("signal μ", r.mu(), "");
        params.row("α (dB/km)", r.alphaDbPerKm(), "");
        params.row("e_d", r.misalignmentError(), "");
        params.row("η_det", "", r.detectorEfficiency());
        params.row("Y0", "", b.darkCountProbability());
        params.row("f", "", b.errorCorrectionEfficiency());
        params.print(out);
        Output.Table t = new Output.Table("figure", "quantity", "where", "paper", "ours", "unit", "residual");
        for (Comparison c : r.comparisons()) {
            t.row(c.figure(), c.quantity(), c.condition(), c.published(), c.ours(), c.unit(),
                    String.format(Locale.ROOT, "%+.1f%%", 100 * c.relativeResidual()));
        }
        t.print(out);
        if (write != null) {
            writeProfile(r.profile(), Path.of(write));
            out.println("wrote " + write);
        }
        Output.writeJson(r, common.json);
        return 0;
    }

    static void writeProfile(LinkProfile p, Path path) {
        String text = String.format(Locale.ROOT, """
                # Fitted to the paper's figure 10 (Wu et al. 2020, section 3.3) by
                #   deploy/qmkdc fit-paper --write conf/profiles/paper.conf
                # Free: clock, α, μ, e_d (Levenberg-Marquardt on log residuals); the rest held from gys.
                profile {
                  name = paper
                  fiber-loss-db-per-km = %.6f
                  detector-efficiency = %s
                  dark-count-probability = %s
                  misalignment-error = %.6f
                  error-correction-efficiency = %s
                  basis-sifting-factor = %s
                  wavelength-nm = %s
                  repetition-rate-hz = %.6e
                  signal-mu = %.6f
                  decoy-nu = %.6f
                  signal-probability = %s
                  decoy-probability = %s
                  qber-threshold = %s
                }
                """, p.fiberLossDbPerKm(), p.detectorEfficiency(), p.darkCountProbability(), p.misalignmentError(),
                p.errorCorrectionEfficiency(), p.basisSiftingFactor(), p.wavelengthNm(), p.repetitionRateHz(),
                p.signalMu(), p.decoyNu(), p.signalProbability(), p.decoyProbability(), p.qberThreshold());
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new UsageError("--write: cannot write " + path + ": " + e.getMessage());
        }
    }
}
