package io.qmkdc.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The hosts of a {@code load --hosts N} run: N Linux network namespaces on a private bridge, made, cut,
 * healed, made lossy and removed by {@code deploy/local/hosts.sh net …} (one implementation of the network,
 * the script's). Names and the /24 are drawn per run, so concurrent runs do not collide. Host i (1..N) has
 * address {@link #address(int)}; this JVM (the driver) holds {@link #driverAddress()} on the bridge, on the
 * side of the hosts that are not cut off. Needs root.
 */
public final class HostNetwork implements AutoCloseable {
    private final Path script;
    private final Path dir;
    private final String tag;
    private final String subnet;
    private final int hosts;
    private boolean up;

    private HostNetwork(Path script, Path dir, String tag, String subnet, int hosts) {
        this.script = script;
        this.dir = dir;
        this.tag = tag;
        this.subnet = subnet;
        this.hosts = hosts;
    }

    /** Makes {@code n} hosts under {@code runDir/hosts}; the script is {@code <qmkdc.home or cwd>/deploy/local/hosts.sh}. */
    public static HostNetwork up(int n, Path runDir, long seed) throws IOException {
        Path home = Path.of(System.getProperty("qmkdc.home", System.getProperty("user.dir")));
        Path script = home.resolve("deploy/local/hosts.sh");
        if (!Files.isRegularFile(script)) {
            throw new IOException("--hosts: no " + script + " (run from the qmkdc checkout, or through deploy/qmkdc)");
        }
        // Tag and subnet from the pid and a clock-seeded draw: unique among concurrent runs (the script refuses clashes).
        SplittableRandom r = new SplittableRandom(ProcessHandle.current().pid() * 1_000_003L ^ System.nanoTime());
        String tag = "ql" + Integer.toString(r.nextInt(36 * 36 * 36), 36);
        String subnet = String.format(Locale.ROOT, "10.%d.%d", 78 + r.nextInt(100), r.nextInt(256));
        HostNetwork net = new HostNetwork(script, runDir.resolve("hosts"), tag, subnet, n);
        net.run("net", "up", Integer.toString(n));
        net.up = true;
        return net;
    }

    public int hosts() {
        return hosts;
    }

    public String address(int host) {
        return subnet + "." + host;
    }

    public String driverAddress() {
        return subnet + ".254";
    }

    /** {@code cmd} run inside host {@code host}'s namespace. */
    public List<String> inHost(int host, List<String> cmd) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", "qmkdc-" + tag + "-" + host));
        out.addAll(cmd);
        return out;
    }

    /** Host number of an Artery address on this network, or 0. */
    public int hostOf(String hostPort) {
        String h = hostPort.contains("@") ? hostPort.substring(hostPort.indexOf('@') + 1) : hostPort;
        h = h.contains(":") ? h.substring(0, h.indexOf(':')) : h;
        if (!h.startsWith(subnet + ".")) {
            return 0;
        }
        int i = Integer.parseInt(h.substring(subnet.length() + 1));
        return i >= 1 && i <= hosts ? i : 0;
    }

    /** Cuts these hosts off from the rest and from the driver. */
    public void partition(List<Integer> cut) throws IOException {
        List<String> args = new ArrayList<>(List.of("partition"));
        cut.forEach(h -> args.add(Integer.toString(h)));
        run(args.toArray(String[]::new));
    }

    public void heal() throws IOException {
        run("heal");
    }

    /** tc netem SPEC on every host's link (where the kernel lacks netem, only "loss P%"); returns how it was applied. */
    public String netem(String spec) throws IOException {
        return run("netem", spec).strip();
    }

    @Override
    public void close() throws IOException {
        if (up) {
            up = false;
            run("net", "down");
        }
    }

    /** Runs hosts.sh; returns what it printed on stdout (its answer), fails with what it printed on stderr. */
    private String run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", script.toString()));
        cmd.addAll(List.of(args));
        // stderr apart: install notes and errors go there, the answer (e.g. how netem was applied) to stdout
        java.io.File err = java.io.File.createTempFile("hosts-sh", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err);
            pb.environment().put("QMKDC_HOSTS_DIR", dir.toString());
            pb.environment().put("QMKDC_HOSTS_TAG", tag);
            pb.environment().put("QMKDC_HOSTS_SUBNET", subnet);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    String why = java.nio.file.Files.readString(err.toPath()).strip();
                    throw new IOException("--hosts: hosts.sh " + String.join(" ", args) + " failed: "
                            + (why.isEmpty() ? out.strip() : why));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return out;
        } finally {
            err.delete();
        }
    }
}
