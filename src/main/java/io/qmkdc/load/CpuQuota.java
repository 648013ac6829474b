package io.qmkdc.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A slower machine for the node JVMs of a load run: each node in a cgroup (v1 {@code cpu} controller) of
 * its own whose CFS quota is {@code cores} of a CPU per period, so a run on a fast machine shows what a
 * slow one does (issue 16). Needs the controller mounted at {@link #ROOT} and the right to make groups
 * there (root); {@link #problem()} says why not otherwise. The groups go when the run ends.
 */
public final class CpuQuota {
    public static final Path ROOT = Path.of("/sys/fs/cgroup/cpu");
    private static final long PERIOD_US = 100_000;

    private final double cores;
    private final List<Path> made = new ArrayList<>();

    public CpuQuota(double cores) {
        if (!(cores >= 0.05 && cores <= 64)) {
            throw new IllegalArgumentException("cores " + cores + " outside [0.05, 64]");
        }
        this.cores = cores;
    }

    public double cores() {
        return cores;
    }

    /** Null when node JVMs can be limited here, else why not (one line). */
    public static String problem() {
        if (!Files.isRegularFile(ROOT.resolve("cpu.cfs_quota_us"))) {
            return "no cgroup v1 cpu controller at " + ROOT + " (cpu.cfs_quota_us missing)";
        }
        Path probe = ROOT.resolve("qmkdc-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
            return null;
        } catch (IOException | SecurityException e) {
            return "cannot make a cgroup under " + ROOT + " (" + e.getClass().getSimpleName() + "; needs root)";
        }
    }

    /** Moves process {@code pid} (all its threads) into a new group {@code name} limited to {@link #cores()}. */
    public void place(String name, long pid) throws IOException {
        Path g = ROOT.resolve("qmkdc-" + ProcessHandle.current().pid() + "-" + name);
        Files.createDirectories(g);
        made.add(g);
        Files.writeString(g.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
        Files.writeString(g.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(cores * PERIOD_US)));
        Files.writeString(g.resolve("cgroup.procs"), Long.toString(pid));
    }

    /** Throttled periods and time of group {@code name} so far, from its cpu.stat ("" when unknown). */
    public String stat(String name) {
        Path g = ROOT.resolve("qmkdc-" + ProcessHandle.current().pid() + "-" + name).resolve("cpu.stat");
        try {
            return String.join(", ", Files.readAllLines(g));
        } catch (IOException e) {
            return "";
        }
    }

    /** Removes the groups (their processes have exited; a group with live tasks stays and is named). */
    public List<String> release() {
        List<String> left = new ArrayList<>();
        for (Path g : made) {
            try {
                Files.deleteIfExists(g);
            } catch (IOException e) {
                left.add(g.toString());
            }
        }
        made.clear();
        return left;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CpuQuota[%.2f cores per node]", cores);
    }
}
