package io.qmkdc.cli;

import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.LinkPipeline;
import io.qmkdc.qkd.LinkReport;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deploy/qmkdc link}: one emulated BB84 decoy link through the whole post-processing. */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "Emulate one BB84 decoy-state link end to end and print each step beside theory.")
final class LinkCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ProfileOption profile;

    @Option(names = "--distance", defaultValue = "50", description = "fiber length in km, [0, 1000] (default ${DEFAULT-VALUE})")
    double distanceKm;

    @Option(names = "--pulses", defaultValue = "1e9", converter = Converters.Count.class,
            description = "pulses to emulate, [1, 1e13], e.g. 1e9 (default ${DEFAULT-VALUE})")
    long pulses;

    @Option(names = "--eve", defaultValue = "none", description = "none | intercept-resend | pns | denial (default ${DEFAULT-VALUE})")
    String eve;

    @Option(names = "--fraction", converter = Converters.Fraction.class,
            description = "fraction of pulses intercepted by intercept-resend, [0, 1] (default 1)")
    Double fraction;

    @Option(names = "--cascade-block", defaultValue = "1048576", description = "Cascade block length in bits, [1000, 134217728] (default ${DEFAULT-VALUE})")
    int cascadeBlock;

    @Option(names = "--finite-key", description = "bound the key with the finite-key analysis of Lim et al. 2014 "
            + "(key from the Z basis of all intensities, X basis disclosed) instead of GLLP with decoy bounds")
    boolean finiteKey;

    @Override
    public Integer call() {
        if (!(distanceKm >= 0 && distanceKm <= 1000)) {
            throw new UsageError("--distance " + distanceKm + " is outside [0, 1000] km");
        }
        if (cascadeBlock < 1000 || cascadeBlock > (1 << 27)) {
            throw new UsageError("--cascade-block " + cascadeBlock + " is outside [1000, 134217728]");
        }
        EavesdropperStrategy strategy = strategy(eve, fraction);
        LinkProfile p = profile.load();
        LinkPipeline.Settings settings = LinkPipeline.Settings.defaults(p, distanceKm, pulses, strategy)
                .withCascadeBlockBits(cascadeBlock)
                .withKeyLength(finiteKey ? LinkPipeline.KeyLengthMethod.FINITE_KEY_LIM2014
                        : LinkPipeline.KeyLengthMethod.DECOY_GLLP);
        LinkReport report = new LinkPipeline(settings).run(common.seed, new Progress("emulating", Progress.wanted()));
        Output.writeJson(report, common.json);
        print(report, Output.human(common.json));
        return 0;
    }

    static EavesdropperStrategy strategy(String name, Double fraction) {
        if (fraction != null && !"intercept-resend".equals(name)) {
            throw new UsageError("--fraction applies only to --eve intercept-resend");
        }
        return EavesdropperStrategy.named(name, fraction == null ? 1.0 : fraction).orElseThrow(() ->
                new UsageError("--eve '" + name + "' is not one of: none, intercept-resend, pns, denial"));
    }

    static void print(LinkReport r, PrintStream out) {
        out.printf("link: profile %s, %.1f km, eavesdropper %s, %.3g pulses (%.3g s at %.3g Hz), seed %d, key length by %s%n",
                r.profile(), r.distanceKm(), r.eavesdropper(), (double) r.pulses(), r.emulatedSeconds(),
                r.pulses() / r.emulatedSeconds(), r.seed(), r.keyLengthMethod());
        Output.Table t = new Output.Table("step", "emulated", "analytic", "note");
        LinkReport.Analytic a = r.analytic();
        t.row("signal gain", r.perIntensity().signalGain(), a.gain(), "detections per signal pulse");
        t.row("signal QBER (all sifted)", r.perIntensity().signalQber(), a.qber(), "ground truth of the emulator");
        t.row("decoy / vacuum gain", Output.format(r.perIntensity().decoyGain()) + " / "
                + Output.format(r.perIntensity().vacuumGain()), "", "disclosed for the decoy analysis");
        t.row("sifted bits per pulse", r.sifted() / (double) r.pulses(), a.siftedPerPulse(), r.sifted() + " signal bits sifted");
        t.row("QBER sample / upper bound", Output.format(r.qber()) + " / " + Output.format(r.qberUpper()), "",
                r.sampleSize() + " bits disclosed; abort at P_o");
        t.row("Y1 lower bound", r.y1Lower(), "", "vacuum + weak decoy, finite size");
        t.row("e1 upper bound", r.e1Upper(), "", "");
        if (!r.aborted()) {
            t.row("Cascade leaked bits", (double) r.leakedBits(), "", r.cascadeBlocks() + " blocks, "
                    + r.roundTrips() + " round trips, " + r.discardedBlocks() + " discarded");
            t.row("reconciliation efficiency f", r.reconciliationEfficiency(), "", "leaked / (n h2(QBER)); the profile assumes its own f");
        }
        t.row("final key bits", (double) r.finalKeyBits(), "", r.aborted() ? "aborted" : r.keyLengthReason());
        t.row("secure key per pulse", r.securePerPulse(), a.securePerPulse(), "analytic: vacuum+weak at this run's f");
        t.row("  (profile f / infinite decoy)", "", Output.format(a.securePerPulseProfileF()) + " / "
                + Output.format(a.infiniteDecoySecurePerPulse()), "");
        t.row("PLOB bound per pulse", "", a.plobPerPulse(), "repeaterless limit");
        if (r.finiteKey() != null) {
            LinkReport.FiniteKey f = r.finiteKey();
            t.row("finite key: Z-basis bits", f.zBasisBits(), "", "key from the Z basis of all intensities");
            t.row("finite key: s_Z0 / s_Z1 lower", Output.format(f.vacuumEventsLower()) + " / "
                    + Output.format(f.singlePhotonEventsLower()), "", "Lim et al. 2014 eqs. 2-3");
            t.row("finite key: phase error upper", f.phaseErrorUpper(), "", "eq. 5; " + f.outcome());
        }
        t.row("Eve knows (of sifted)", r.eveKnownSiftedFraction(), "", "ground truth");
        t.print(out);
        if (r.aborted()) {
            out.println("ABORTED: " + r.abortReason());
        }
        out.printf("wall %.2f s (emulation %.2f, sifting %.2f, estimation %.2f, Cascade %.2f, privacy amplification %.2f); "
                        + "real-time factor %.2f%n", r.wallSeconds(), r.stageSeconds().emulation(),
                r.stageSeconds().sifting(), r.stageSeconds().estimation(), r.stageSeconds().reconciliation(),
                r.stageSeconds().privacyAmplification(), r.realTimeFactor());
    }
}
