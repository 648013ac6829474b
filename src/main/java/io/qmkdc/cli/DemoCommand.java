package io.qmkdc.cli;

import io.qmkdc.optics.EavesdropperStrategy;
import io.qmkdc.optics.LinkProfile;
import io.qmkdc.qkd.LinkPipeline;
import io.qmkdc.qkd.LinkReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code deploy/qmkdc demo}: the single-link demonstration of the physics and QKD core — one honest
 * GYS link at 25 km, then the same link under intercept-resend and photon-number splitting.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Demonstration: an honest 25 km link, then intercept-resend and PNS attacks on it.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    record Result(List<LinkReport> links) {
    }

    static String outcome(LinkReport r) {
        if (r.aborted()) {
            return "aborted: " + r.abortReason().split(" \\(")[0];
        }
        return r.finalKeyBits() > 0 ? "key established" : "no key: " + r.keyLengthReason();
    }

    @Override
    public Integer call() {
        LinkProfile gys = Profiles.load("gys");
        PrintStream out = Output.human(common.json);
        List<LinkReport> links = new ArrayList<>();
        EavesdropperStrategy[] attacks = {new EavesdropperStrategy.None(), new EavesdropperStrategy.InterceptResend(0.5),
                new EavesdropperStrategy.PhotonNumberSplitting()};
        String[] titles = {"1. honest link, 25 km", "2. intercept-resend on half the pulses, 25 km",
                "3. photon-number splitting, 50 km (caught by the decoy analysis, not by the QBER)"};
        double[] km = {25, 25, 50};
        for (int i = 0; i < attacks.length; i++) {
            out.println();
            out.println(titles[i]);
            LinkReport r = new LinkPipeline(LinkPipeline.Settings.defaults(gys, km[i], 2_000_000_000L, attacks[i]))
                    .run(common.seed + i, new Progress("emulating", Progress.wanted()));
            LinkCommand.print(r, out);
            links.add(r);
        }
        out.println();
        Output.Table t = new Output.Table("link", "eavesdropper", "QBER", "Y1_L", "final key bits", "outcome");
        for (LinkReport r : links) {
            t.row(r.distanceKm() + " km", r.eavesdropper(), r.qber(), r.y1Lower(), (double) r.finalKeyBits(),
                    outcome(r));
        }
        t.print(out);
        Output.writeJson(new Result(links), common.json);
        return 0;
    }
}
