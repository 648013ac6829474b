package io.qmkdc.cli;

import io.qmkdc.gkm.RekeyPolicy;
import io.qmkdc.load.CpuQuota;
import io.qmkdc.load.LoadSettings;
import java.util.Locale;

/** {@code load}'s option checks that need more than one option: each names the option and says what is wrong. */
final class LoadChecks {
    private LoadChecks() {
    }

    /** The per-member rekey policy of --rekey, --degree, --rekey-batch. */
    static RekeyPolicy rekeyPolicy(String rekey, String keying, Integer degree, Long rekeyBatchMs) {
        String scheme = rekey == null ? RekeyPolicy.STAR : rekey.trim().toLowerCase(Locale.ROOT);
        if (!scheme.equals(RekeyPolicy.STAR) && !scheme.equals(RekeyPolicy.LKH)) {
            throw new UsageError("--rekey: '" + rekey + "' is neither star nor lkh");
        }
        if (rekey != null && !LoadSettings.PER_MEMBER.equals(keying)) {
            throw new UsageError("--rekey: needs --keying per-member (per-group keying wraps G_k once, for the terminal)");
        }
        boolean lkh = scheme.equals(RekeyPolicy.LKH);
        if ((degree != null || rekeyBatchMs != null) && !lkh) {
            throw new UsageError((degree != null ? "--degree" : "--rekey-batch") + ": needs --rekey lkh");
        }
        int d = degree == null ? RekeyPolicy.DEFAULT_STAR.degree() : degree;
        if (d < 2 || d > 64) {
            throw new UsageError("--degree: " + d + " outside [2, 64]");
        }
        long batch = rekeyBatchMs == null ? RekeyPolicy.DEFAULT_STAR.batchMs() : rekeyBatchMs;
        if (batch > 60_000) {
            throw new UsageError("--rekey-batch: " + batch + " ms outside [0, 60 s]");
        }
        return new RekeyPolicy(scheme, d, batch);
    }

    static double inFlight(double seconds) {
        if (!(seconds >= 0 && seconds <= 3600)) {
            throw new UsageError("--in-flight: " + seconds + " outside [0, 3600] seconds");
        }
        return seconds;
    }

    /** --node-cpu: null without it. */
    static CpuQuota cpuQuota(Double nodeCpu, int nodes, String connect) {
        if (nodeCpu == null) {
            return null;
        }
        if (nodes < 2 || connect != null) {
            throw new UsageError("--node-cpu: only with --nodes N > 1 (the node JVMs this run starts)");
        }
        if (!(nodeCpu >= 0.05 && nodeCpu <= 64)) {
            throw new UsageError("--node-cpu: " + nodeCpu + " outside [0.05, 64]");
        }
        String problem = CpuQuota.problem();
        if (problem != null) {
            throw new UsageError("--node-cpu: " + problem);
        }
        return new CpuQuota(nodeCpu);
    }

    /** A folder for a run's scenario, logs and latency plot: {@code dir}, or a new temporary one. */
    static java.nio.file.Path runDir(java.nio.file.Path dir) {
        if (dir != null) {
            return dir;
        }
        try {
            return java.nio.file.Files.createTempDirectory("qmkdc-load-");
        } catch (java.io.IOException e) {
            throw new UsageError("--run-dir: no temporary folder: " + e.getMessage());
        }
    }
}
