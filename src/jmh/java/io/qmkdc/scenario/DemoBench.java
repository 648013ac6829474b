package io.qmkdc.scenario;

import com.typesafe.config.ConfigFactory;
import io.qmkdc.cluster.EmbeddedCluster;
import io.qmkdc.optics.LinkProfile;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Wall time of the bundled scenarios on an embedded cluster, by hand:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.qmkdc.scenario.DemoBench [runs]}.
 */
public final class DemoBench {
    private DemoBench() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (String name : new String[] {"demo", "demo-per-member", "attacks"}) {
            Scenario s = ScenarioLoader.load(name);
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                ScenarioReport r = EmbeddedCluster.run(s, LinkProfile.gys(), 1 + i, quiet, ConfigFactory.empty());
                long bits = r.groups().stream().mapToLong(ScenarioReport.GroupRow::privateKeyBits).sum();
                System.out.printf("%-16s run %d: %.2f s wall (report %.2f s), %d link key bits, %d auth sessions%n",
                        name, i, (System.nanoTime() - t) / 1e9, r.wallSeconds(), bits, r.auth().size());
            }
        }
    }
}
