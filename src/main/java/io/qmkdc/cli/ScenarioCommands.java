package io.qmkdc.cli;

import com.typesafe.config.ConfigFactory;
import io.qmkdc.cluster.EmbeddedCluster;
import io.qmkdc.scenario.Scenario;
import io.qmkdc.scenario.ScenarioLoader;
import io.qmkdc.scenario.ScenarioReport;
import java.io.PrintStream;
import java.util.Locale;

/** Shared by {@code demo} and {@code run}: load, run on an embedded cluster, print the account and summary, write JSON. */
final class ScenarioCommands {
    private ScenarioCommands() {
    }

    static int execute(String scenarioFile, CommonOptions common) {
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(scenarioFile);
        } catch (ScenarioLoader.Invalid e) {
            throw new UsageError(String.join(System.lineSeparator() + "error: ", e.problems()));
        }
        PrintStream out = Output.human(common.json);
        out.println("scenario " + scenario.name() + " (" + scenarioFile + "), seed " + common.seed);
        ScenarioReport report = EmbeddedCluster.run(scenario, Profiles.load(scenario.profile()), common.seed, out,
                ConfigFactory.empty());
        printSummary(report, out);
        Output.writeJson(report, common.json);
        return 0;
    }

    static void printSummary(ScenarioReport r, PrintStream out) {
        out.println();
        out.println("summary: groups");
        Output.Table g = new Output.Table("group", "members", "link km", "QBER", "aborted", "private key bits",
                "G_k epoch");
        for (ScenarioReport.GroupRow row : r.groups()) {
            g.row(row.id(), String.join(" ", row.members()), fmt("%.0f", row.linkKm()), fmt("%.4f", row.qber()),
                    row.aborted() ? "yes (" + row.aborts() + ")" : "no", Long.toString(row.privateKeyBits()),
                    Long.toString(row.groupKeyEpoch()));
        }
        g.print(out);
        out.println();
        out.println("summary: authentication");
        Output.Table a = new Output.Table("member", "mode", "passed", "rounds", "failed rounds", "Bell checks",
                "check mismatches");
        for (ScenarioReport.AuthRow row : r.auth()) {
            a.row(row.member(), row.mode(), row.passed() ? "yes" : "NO", Integer.toString(row.rounds()),
                    Integer.toString(row.failedRounds()), Integer.toString(row.checks()),
                    Integer.toString(row.checkMismatches()));
        }
        a.print(out);
        out.println();
        ScenarioReport.Messages m = r.messages();
        out.println("summary: messages");
        Output.Table t = new Output.Table("same-group sent", "same-group deliveries", "relayed sent",
                "relayed deliveries", "rejected");
        t.row(Integer.toString(m.intraSent()), Integer.toString(m.intraDelivered()), Integer.toString(m.relaySent()),
                Integer.toString(m.relayDelivered()), Long.toString(m.rejected()));
        t.print(out);
        out.println();
        out.println("summary: attacks");
        Output.Table at = new Output.Table("type", "target", "started at s", "detected", "detected by", "QBER during");
        for (ScenarioReport.AttackRow row : r.attacks()) {
            at.row(row.type(), row.target(), fmt("%.2f", row.startedAt()), row.detected() ? "yes" : "NO",
                    row.detectedBy(), Double.isNaN(row.qberDuring()) ? "-" : fmt("%.4f", row.qberDuring()));
        }
        at.print(out);
        out.println();
        out.println(fmt("done in %.1f s wall", r.wallSeconds()));
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
