package io.qmkdc.cli;

import io.qmkdc.api.KeyDeliveryLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deploy/qmkdc kme-load}: N SAE clients over HTTPS against serve's 014 endpoint in this JVM. */
@Command(name = "kme-load", mixinStandardHelpOptions = true,
        description = "ETSI 014 key delivery under load: every member an SAE client over mutual TLS (enc_keys for a "
                + "random other SAE, which fetches it by dec_keys); keys/s, request p50/p99, key bits issued vs distilled.")
final class KmeLoadCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--groups", paramLabel = "G", defaultValue = "2", description = "groups, in [1, 16] (default ${DEFAULT-VALUE})")
    int groups;

    @Option(names = "--members", paramLabel = "M", defaultValue = "5",
            description = "members (SAE clients) per group, in [1, 200], at least 2 SAEs in all (default ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--size", paramLabel = "BITS", defaultValue = "256",
            description = "key size, a multiple of 8 in [64, 4096] (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "20s",
            description = "seconds of requests after every link has keys, e.g. 20 or 20s, in [1, 3600] (default ${DEFAULT-VALUE})")
    String duration;

    @Override
    public Integer call() throws Exception {
        check("--groups", groups, 1, 16);
        check("--members", members, 1, 200);
        if (groups * members < 2) {
            throw new UsageError("--members: at least 2 SAEs are needed, got " + groups * members);
        }
        check("--size", size, 64, 4096);
        if (size % 8 != 0) {
            throw new UsageError("--size must be a multiple of 8, got " + size);
        }
        String d = duration.endsWith("s") ? duration.substring(0, duration.length() - 1) : duration;
        if (!d.matches("[0-9]{1,4}")) {
            throw new UsageError("--duration: whole seconds such as 20 or 20s, got " + duration);
        }
        check("--duration", Integer.parseInt(d), 1, 3600);
        Path pki = Files.createTempDirectory("qmkdc-kme-load-pki");
        KeyDeliveryLoad.Result r;
        try {
            r = KeyDeliveryLoad.run(new KeyDeliveryLoad.Setup(groups, members, size, Integer.parseInt(d),
                    common.seed), Profiles::load, pki.resolve("pki"));
        } finally {
            try (var files = Files.walk(pki)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Output.writeJson(r, common.json);
        java.io.PrintStream out = Output.human(common.json);
        out.printf("kme-load: %d SAE clients over mutual TLS, %d groups, %d-bit keys, %.1f s%n", r.saes(), groups, size, r.seconds());
        out.printf("  enc_keys requests %d: %d served, %d refused 503 (pools dry); keys delivered to slaves %d (%.1f keys/s),"
                + " mismatches %d, other failures %d%n", r.encRequests(), r.served(), r.refused503(), r.deliveredKeys(),
                r.keysPerSecond(), r.mismatches(), r.failures());
        out.printf("  request latency (enc and dec): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", r.p50Ms(), r.p99Ms(), r.maxMs());
        out.printf("  since deployment: key bits issued %d <= drawn with relay hops %d <= delivery share %d of %d distilled;"
                + " issued / distilled %.3f%n", r.issuedKeyBits(), r.drawnBits(), r.deliveryShareBits(), r.distilledBits(), r.ratio());
        boolean ok = r.mismatches() == 0 && r.failures() == 0 && r.issuedKeyBits() <= r.drawnBits()
                && r.drawnBits() <= r.deliveryShareBits();
        return ok ? 0 : 1;
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageError(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }
}
