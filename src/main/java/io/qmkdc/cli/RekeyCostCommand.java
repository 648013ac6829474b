package io.qmkdc.cli;

import io.qmkdc.gkm.RekeyCosts;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deploy/qmkdc rekey-cost}: what a join, a leave and a churn batch cost, star vs logical key hierarchy. */
@Command(name = "rekey-cost", mixinStandardHelpOptions = true,
        description = "Encryptions and bytes per join, leave and churn batch: star (per-member wrap) vs LKH.")
final class RekeyCostCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--members", split = ",", defaultValue = "256,1024,4096",
            description = "group sizes, comma-separated, each in [2, 65536] (default ${DEFAULT-VALUE})")
    List<Integer> members;

    @Option(names = "--degree", split = ",", defaultValue = "2,4",
            description = "tree degrees, each in [2, 64] (default ${DEFAULT-VALUE})")
    List<Integer> degrees;

    @Option(names = "--batch", defaultValue = "16",
            description = "leaves (and as many joins) in the churn batch, in [1, members/4] (default ${DEFAULT-VALUE})")
    int batch;

    record Result(List<RekeyCosts.Scheme> schemes) {
    }

    @Override
    public Integer call() {
        for (int n : members) {
            if (n < 2 || n > 65536) {
                throw new UsageError("--members " + n + " is outside [2, 65536]");
            }
            if (batch < 1 || batch > n / 4) {
                throw new UsageError("--batch " + batch + " is outside [1, " + n / 4 + "] for --members " + n);
            }
        }
        for (int d : degrees) {
            if (d < 2 || d > 64) {
                throw new UsageError("--degree " + d + " is outside [2, 64]");
            }
        }
        SecureRandom random = new SecureRandom();
        List<RekeyCosts.Scheme> rows = new ArrayList<>();
        for (int n : members) {
            rows.add(RekeyCosts.star(n, batch, random));
            for (int d : degrees) {
                rows.add(RekeyCosts.lkh(n, d, batch, random));
            }
        }
        Output.writeJson(new Result(rows), common.json);
        java.io.PrintStream out = Output.human(common.json);
        out.printf("%-6s %6s %4s %3s | %13s %13s | %13s %13s | batch of %d+%d: %6s %6s%n", "scheme", "n", "d", "L",
                "join enc (2L)", "join bytes", "leave (dL-1)", "leave bytes", batch, batch, "enc", "/chg");
        for (RekeyCosts.Scheme s : rows) {
            out.printf("%-6s %6d %4s %3d | %6d (%4d) %13d | %6d (%4d) %13d | %20d %6.1f%n", s.scheme(), s.members(),
                    s.degree() == 0 ? "-" : String.valueOf(s.degree()), s.depth(), s.join().encryptions(),
                    s.join().formula(), s.join().bytes(), s.leave().encryptions(), s.leave().formula(),
                    s.leave().bytes(), s.batch().encryptions(), s.batchPerChange());
        }
        return 0;
    }
}
